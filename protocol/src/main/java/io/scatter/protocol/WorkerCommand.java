package io.scatter.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a coordinator tells a worker. The interface is open so a worker actor can add private
 * messages of its own (timers, continuations) to the same behaviour.
 */
public interface WorkerCommand {

  /** A job has work: the worker starts pulling partitions of {@code jobId} from {@code coordinator}. */
  record Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator)
      implements WorkerCommand, ScatterMessage {
  }

  /** Partitions leased to this worker, in answer to a {@link CoordinatorCommand.Pull}. */
  record Assign(String jobId, List<Partition> partitions) implements WorkerCommand, ScatterMessage {

    public Assign {
      partitions = List.copyOf(partitions);
    }
  }

  /** The job is over (finished or failed): drop its queued partitions and stop pulling. */
  record JobEnded(String jobId) implements WorkerCommand, ScatterMessage {
  }
}

package io.scatter.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a coordinator tells a worker. The interface is open so a worker actor can add private
 * messages of its own (timers, continuations) to the same behaviour.
 */
public interface WorkerCommand {

  /**
   * A job has work: the worker starts pulling partitions of {@code jobId} from {@code coordinator},
   * beside any other jobs it serves. {@code weight} is the job's share of the worker relative to
   * theirs (1 by default); offered again, a known job is asked afresh and keeps its queue.
   */
  record Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator, double weight)
      implements WorkerCommand, JobMessage, ScatterMessage {

    public static final double DEFAULT_WEIGHT = 1.0;

    public Offer {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("a job's weight must be a positive number, got " + weight);
      }
    }

    /** An offer of the default weight. */
    public Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator) {
      this(jobId, task, coordinator, DEFAULT_WEIGHT);
    }
  }

  /** Partitions leased to this worker, in answer to a {@link CoordinatorCommand.Pull}. */
  record Assign(String jobId, List<Partition> partitions) implements WorkerCommand, JobMessage, ScatterMessage {

    public Assign {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * The job is over (finished, failed or cancelled): the worker drops that job's queued partitions
   * and results and stops pulling for it; its other jobs carry on.
   */
  record JobEnded(String jobId) implements WorkerCommand, JobMessage, ScatterMessage {
  }
}

package io.scatter.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a worker tells a coordinator. Open for the same reason as {@link WorkerCommand}.
 */
public interface CoordinatorCommand {

  /**
   * Reports finished partitions and asks for up to {@code want} more; one message does both so a
   * busy worker costs one round trip per batch, not two per partition. {@code want} may be 0
   * (results only).
   */
  record Pull(ActorRef<WorkerCommand> worker, String jobId, List<PartitionOutcome> outcomes, int want)
      implements CoordinatorCommand, JobMessage, ScatterMessage {

    public Pull {
      outcomes = List.copyOf(outcomes);
    }
  }

  /**
   * The worker is leaving on purpose (its node was asked to stop) and will not run these partitions
   * of {@code jobId}, which it holds but has not started: the coordinator dispatches them again at
   * once, as they were (no attempt spent), gives the worker nothing more, and answers
   * {@link WorkerCommand.ReturnReceived}. Sent after the worker's last {@link Pull} of the job; may
   * name no partition (the worker only wants to know its results arrived).
   */
  record Return(ActorRef<WorkerCommand> worker, String jobId, List<Long> indices)
      implements CoordinatorCommand, ScatterMessage {

    public Return {
      indices = List.copyOf(indices);
    }
  }
}

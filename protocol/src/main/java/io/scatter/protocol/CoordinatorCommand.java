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
}

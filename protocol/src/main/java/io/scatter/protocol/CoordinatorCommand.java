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
   * of {@code jobId}: {@code indices} it holds but has not started, {@code begun} the ones it had
   * run part of, each with the result of the part it ran. The coordinator keeps those parts,
   * dispatches the rest again at once (no attempt spent), gives the worker nothing more, and
   * answers {@link WorkerCommand.ReturnReceived}. Sent after the worker's last {@link Pull} of the
   * job; may name no partition (the worker only wants to know its results arrived).
   */
  record Return(ActorRef<WorkerCommand> worker, String jobId, List<Long> indices, List<PartialResult> begun)
      implements CoordinatorCommand, ScatterMessage {

    public Return {
      indices = List.copyOf(indices);
      begun = List.copyOf(begun);
    }

    /** Hands back only partitions not started. */
    public Return(ActorRef<WorkerCommand> worker, String jobId, List<Long> indices) {
      this(worker, jobId, indices, List.of());
    }
  }

  /**
   * A partition the worker has been running for a while is still making progress: {@code done} of
   * its {@code size} numbers (both unsigned), {@code runningNanos} since it started, and
   * {@code queued} the partitions of the job it holds behind it. The coordinator renews the leases
   * of all of them, so a long partition that advances is never dispatched again as if lost, while
   * one on a frozen or dead node still is (it reports nothing). Sent only for partitions that run
   * longer than the worker's progress interval, so short ones cost nothing.
   */
  record Progress(ActorRef<WorkerCommand> worker, String jobId, long index, int attempt, long done, long size,
      long runningNanos, List<Long> queued) implements CoordinatorCommand, JobMessage, ScatterMessage {

    public Progress {
      queued = List.copyOf(queued);
    }
  }
}

package io.scatter.node;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.BoundTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One worker's view of one job it serves: the task, the partitions queued here, the outcomes not
 * yet sent and the pace its partitions run at. Owned by the worker actor, never shared; the actor
 * decides which job runs next and sends what {@link #takePull} returns.
 */
final class WorkerJob {

  final String jobId;
  final ResolvedTask task;
  final ActorRef<CoordinatorCommand> coordinator;
  final double weight;
  final ArrayDeque<Partition> queue = new ArrayDeque<>();
  private final WorkerSettings settings;
  private final Ticker ticker;
  private List<PartitionOutcome> outcomes = new ArrayList<>();
  /** Where the outcomes of the turn running now start in {@link #outcomes}. */
  private int turnStart;
  boolean pullOutstanding;
  private long lastFlushNanos;
  /** Moving average of the time one partition takes here; 0 until the first one has run. */
  private double averageNanos;

  WorkerJob(WorkerCommand.Offer offer, ResolvedTask task, WorkerSettings settings, Ticker ticker) {
    this.jobId = offer.jobId();
    this.task = task;
    this.coordinator = offer.coordinator();
    this.weight = offer.weight();
    this.settings = settings;
    this.ticker = ticker;
    this.lastFlushNanos = ticker.read();
  }

  /** @param costNanos how long the partition took here, on the worker's ticker: the pace prefetch is sized by */
  void record(PartitionOutcome outcome, long costNanos) {
    outcomes.add(outcome);
    if (outcome instanceof PartitionOutcome.Completed) {
      long nanos = Math.max(1, costNanos);
      averageNanos = averageNanos == 0 ? nanos
          : (1 - settings.paceWeight()) * averageNanos + settings.paceWeight() * nanos;
    }
  }

  /** A turn of this job's partitions begins: the outcomes recorded from here on share its CPU time. */
  void startTurn() {
    turnStart = outcomes.size();
  }

  /**
   * The turn is over and its thread used {@code cpuNanos} ({@code CPU_UNKNOWN} where the JVM
   * cannot tell): its completed outcomes get that CPU time, each in proportion to its compute
   * time, so their sum is the turn's. Nothing of the turn has been sent yet: a turn ends before a flush.
   */
  void endTurn(long cpuNanos) {
    if (cpuNanos < 0) {
      return;
    }
    long computeNanos = 0;
    int completed = 0;
    for (int i = turnStart; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof PartitionOutcome.Completed c) {
        computeNanos += c.computeNanos();
        completed++;
      }
    }
    long given = 0;
    long computeSoFar = 0;
    int seen = 0;
    for (int i = turnStart; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof PartitionOutcome.Completed c) {
        computeSoFar += c.computeNanos();
        seen++;
        // Cumulative, so the parts add up to the whole; evenly when no compute time registered at all.
        double upTo = computeNanos > 0 ? (double) computeSoFar / computeNanos : (double) seen / completed;
        long share = Math.round(cpuNanos * upTo) - given;
        given += share;
        outcomes.set(i, PartitionExecutor.withCpu(c, share));
      }
    }
  }

  /**
   * How many partitions cover this job's part of the prefetch window at the pace measured so far:
   * the worker as a whole keeps about one window queued, divided among its jobs by their shares.
   */
  int targetQueue(double share) {
    if (averageNanos == 0) {
      return settings.prefetchMin();
    }
    double fits = share * settings.prefetchWindow().toNanos() / averageNanos;
    return (int) Math.max(settings.prefetchMin(), Math.min(settings.prefetchMax(), fits));
  }

  /** @param now the worker's ticker now (the caller has just read it) */
  boolean shouldFlush(double share, long now) {
    return outcomes.size() >= settings.maxResultsPerMessage()
        || (!pullOutstanding && queue.size() <= targetQueue(share) / 2)
        || now - lastFlushNanos >= settings.flushInterval().toNanos();
  }

  /**
   * The finished outcomes and, unless a pull is already waiting for its answer, a request for a
   * refill, as one Pull; null when there is nothing to say.
   */
  CoordinatorCommand.Pull takePull(ActorRef<WorkerCommand> self, double share) {
    int want = pullOutstanding ? 0 : Math.max(0, targetQueue(share) - queue.size());
    if (outcomes.isEmpty() && want == 0) {
      return null;
    }
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(self, jobId, outcomes, want);
    outcomes = new ArrayList<>();
    lastFlushNanos = ticker.read();
    pullOutstanding |= want > 0;
    return pull;
  }

  /** Whether this job has a partition the worker could start now, given how many async ones run in all. */
  boolean canRun(int runningInAll) {
    return !queue.isEmpty() && (!task.overlaps() || runningInAll < settings.overlap());
  }

  /** The task an offer named, or why this JVM cannot run it. */
  record ResolvedTask(BoundTask task, String error) {
    /** Runs it on this thread; its CPU time is the turn's to measure (see {@link WorkerJob#endTurn}). */
    PartitionOutcome run(Partition partition) {
      return task != null
          ? PartitionExecutor.runUnmeasured(task, partition)
          : new PartitionOutcome.Failed(partition.index(), partition.attempt(), error);
    }

    boolean overlaps() {
      return task != null && task.overlaps();
    }
  }
}

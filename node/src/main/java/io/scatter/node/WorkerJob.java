package io.scatter.node;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One worker's view of one job it serves: the task, the partitions queued here, the one begun (run
 * in slices, see {@link PartitionRun}), the outcomes not yet sent and the pace its partitions run
 * at. Owned by the worker actor, never shared; the actor decides which job runs next and sends
 * what {@link #takePull} returns.
 */
final class WorkerJob {

  final String jobId;
  final ResolvedTask task;
  final ActorRef<CoordinatorCommand> coordinator;
  /** The {@code host:port} of its coordinator JVM's lifeline, as the offer named it; empty when there is none. */
  final String lifeline;
  final double weight;
  final ArrayDeque<Partition> queue = new ArrayDeque<>();
  /** How often a partition that runs long says so (and keeps its lease). */
  final long progressNanos;
  private final WorkerSettings settings;
  private final Ticker ticker;
  private final SliceSizer sizer;
  /** False for a task that must run each partition whole ({@link io.scatter.task.RangeTask#sliceable}). */
  private final boolean sliceable;
  /** The partition begun and not finished; null between partitions. */
  private PartitionRun current;
  /** Kept from one message to the next (a Pull copies what it carries): no list, and no growing, per flush. */
  private final List<PartitionOutcome> outcomes = new ArrayList<>();
  /** The runs that had slices in the turn running now; their outcomes wait for the turn's CPU time. */
  private final List<PartitionRun> turnRuns = new ArrayList<>();
  /** How many of {@link #turnRuns} are done. */
  private int doneInTurn;
  boolean pullOutstanding;
  private long lastFlushNanos;
  /** Moving average of the time one partition takes here; 0 until the first one has run. */
  private double averageNanos;
  /** When the outstanding pull asked for partitions, and how many: the start of a round trip. */
  private long pullSentNanos;
  private int pullWant;
  /**
   * Moving average of a refill's round trip (a Pull that asked out, its Assign in), as the worker
   * sees it: 0 until measured. Across JVMs on busy cores it is tens of milliseconds, more than a
   * window of short partitions; the queue must cover it or the worker waits for every refill.
   */
  private double roundTripNanos;

  WorkerJob(WorkerCommand.Offer offer, ResolvedTask task, WorkerSettings settings, Ticker ticker) {
    this.jobId = offer.jobId();
    this.task = task;
    this.coordinator = offer.coordinator();
    this.lifeline = offer.lifeline();
    this.weight = offer.weight();
    long own = settings.progressInterval().toNanos();
    this.progressNanos = offer.progressMillis() > 0 ? Math.min(own, offer.progressMillis() * 1_000_000) : own;
    this.settings = settings;
    this.ticker = ticker;
    this.sizer = new SliceSizer(settings.slice().toNanos());
    this.sliceable = task.task() != null && task.task().sliceable();
    this.lastFlushNanos = ticker.read();
  }

  /** @param costNanos how long the partition took here, on the worker's ticker: the pace prefetch is sized by */
  void record(PartitionOutcome outcome, long costNanos) {
    outcomes.add(outcome);
    if (outcome instanceof PartitionOutcome.Completed) {
      pace(costNanos);
    }
  }

  /**
   * Partitions arrived for this job ({@code count} of them, at {@code now}): the pull is answered.
   * Only an answer in full measures the round trip: a short one says the coordinator had no more
   * to give (the job's end, or other jobs' shares), and its wait is not the wire's.
   */
  void assigned(int count, long now) {
    if (pullOutstanding && pullWant > 0 && count >= pullWant) {
      roundTripNanos = movingAverage(roundTripNanos, now - pullSentNanos);
    }
    pullOutstanding = false;
  }

  private void pace(long costNanos) {
    averageNanos = movingAverage(averageNanos, costNanos);
  }

  /** {@code average} moved toward {@code sample} by {@code pace-weight}; the sample itself when there was none. */
  private double movingAverage(double average, long sample) {
    long nanos = Math.max(1, sample);
    return average == 0 ? nanos : (1 - settings.paceWeight()) * average + settings.paceWeight() * nanos;
  }

  /**
   * Runs one slice of the partition begun, beginning the next queued one if none is: as many
   * numbers as the job's pace says fit in a slice, or the rest of the partition if fewer. A slice
   * that throws fails the whole attempt, as a partition that throws always has.
   *
   * @param now the worker's ticker now
   * @return the ticker when the slice ended
   */
  long runSlice(long now) {
    if (current == null) {
      Partition next = queue.poll();
      if (task.task() == null) {
        outcomes.add(new PartitionOutcome.Failed(next.index(), next.attempt(), task.error()));
        return now;
      }
      current = new PartitionRun(next, task.task(), now);
    }
    PartitionRun run = current;
    long size = sliceable ? sizer.next(run.remaining()) : run.remaining();
    LongRange slice = run.nextSlice(size);
    Object value;
    try {
      value = task.task().compute(slice);
    } catch (StackOverflowError | Exception | LinkageError | AssertionError e) {
      current = null;
      outcomes.add(PartitionExecutor.failed(run.partition, e));
      return ticker.read();
    }
    long end = ticker.read();
    sizer.record(size, end - now);
    if (!run.inTurn) {
      run.inTurn = true;
      turnRuns.add(run);
    }
    run.add(slice, value, end - now);
    if (run.isDone()) {
      current = null;
      doneInTurn++;
      pace(run.computeNanos());
    }
    return end;
  }

  /** A turn of this job's partitions begins: the slices run from here on share its CPU time. */
  void startTurn() {
    turnRuns.clear();
    doneInTurn = 0;
  }

  /**
   * The turn is over and its thread used {@code cpuNanos} ({@code CPU_UNKNOWN} where the JVM
   * cannot tell): the runs that had slices in it get that CPU time, each in proportion to its
   * compute time in the turn, so their sum is the turn's; those that finished become outcomes.
   * Nothing of the turn has been sent yet: a turn ends before a flush.
   */
  void endTurn(long cpuNanos) {
    long computeNanos = 0;
    for (PartitionRun run : turnRuns) {
      computeNanos += run.turnComputeNanos;
    }
    long given = 0;
    long computeSoFar = 0;
    int seen = 0;
    for (PartitionRun run : turnRuns) {
      computeSoFar += run.turnComputeNanos;
      seen++;
      // Cumulative, so the parts add up to the whole; evenly when no compute time registered at all.
      double upTo = computeNanos > 0 ? (double) computeSoFar / computeNanos : (double) seen / turnRuns.size();
      long share = cpuNanos < 0 ? cpuNanos : Math.round(cpuNanos * upTo) - given;
      given += Math.max(0, share);
      run.addCpu(share);
      run.turnComputeNanos = 0;
      run.inTurn = false;
      if (run.isDone()) {
        outcomes.add(run.completed());
      }
    }
    turnRuns.clear();
    doneInTurn = 0;
  }

  /** Outcomes ready to send, or waiting for their turn's CPU time. */
  private int finished() {
    return outcomes.size() + doneInTurn;
  }

  /**
   * How many partitions cover this job's part of the prefetch window, widened by the refill round
   * trips measured, at the pace measured so far: the worker as a whole keeps about one window
   * queued, divided among its jobs by their shares. It asks again at half of it, so the half left
   * must outlast a round trip: {@code prefetch-round-trips} of them, 2, leave one spare.
   */
  int targetQueue(double share) {
    if (averageNanos == 0) {
      return settings.prefetchMin();
    }
    double window = settings.prefetchWindow().toNanos() + settings.prefetchRoundTrips() * roundTripNanos;
    double fits = share * window / averageNanos;
    return (int) Math.max(settings.prefetchMin(), Math.min(settings.prefetchMax(), fits));
  }

  /** @param now the worker's ticker now (the caller has just read it) */
  boolean shouldFlush(double share, long now) {
    return finished() >= settings.maxResultsPerMessage()
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
    outcomes.clear();
    lastFlushNanos = ticker.read();
    if (want > 0) {
      pullOutstanding = true;
      pullSentNanos = lastFlushNanos;
      pullWant = want;
    }
    return pull;
  }

  /** The finished outcomes alone, asking for nothing (the worker is leaving); null when there are none. */
  CoordinatorCommand.Pull takeResults(ActorRef<WorkerCommand> self) {
    if (outcomes.isEmpty()) {
      return null;
    }
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(self, jobId, outcomes, 0);
    outcomes.clear();
    lastFlushNanos = ticker.read();
    return pull;
  }

  /**
   * Everything this worker holds of the job and will not run, for a leaving worker to hand back:
   * the queued partitions by index, and the one begun as the result of what ran of it (one not
   * yet begun goes back by index). Clears both.
   */
  CoordinatorCommand.Return takeReturn(ActorRef<WorkerCommand> self) {
    List<Long> indices = new ArrayList<>(queue.size() + 1);
    List<PartialResult> begun = new ArrayList<>(1);
    if (current != null) {
      if (current.begun()) {
        begun.add(current.partial());
      } else {
        indices.add(current.partition.index());
      }
      current = null;
    }
    queue.forEach(partition -> indices.add(partition.index()));
    queue.clear();
    return new CoordinatorCommand.Return(self, jobId, indices, begun);
  }

  /**
   * A progress report for the partition begun, if it has run (or waited its turn) for a progress
   * interval since it began or last said so; null otherwise, which is always for short partitions.
   */
  CoordinatorCommand.Progress takeProgress(ActorRef<WorkerCommand> self, long now) {
    PartitionRun run = current;
    if (run == null || now - run.reportedNanos < progressNanos) {
      return null;
    }
    run.reportedNanos = now;
    List<Long> queued = queue.stream().map(Partition::index).toList();
    return new CoordinatorCommand.Progress(self, jobId, run.partition.index(), run.partition.attempt(), run.done(),
        run.partition.range().size(), now - run.startedNanos, queued);
  }

  /** Whether this job has a partition the worker could run now, given how many async ones run in all. */
  boolean canRun(int runningInAll) {
    if (task.overlaps()) {
      return !queue.isEmpty() && runningInAll < settings.overlap();
    }
    return current != null || !queue.isEmpty();
  }

  /** The task an offer named, or why this JVM cannot run it. */
  record ResolvedTask(BoundTask task, String error) {

    boolean overlaps() {
      return task != null && task.overlaps();
    }
  }
}

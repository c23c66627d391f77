package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.BoundTask;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One job on one worker, driven slice by slice on a hand clock: slicing, CPU sharing, hand-back and progress. */
final class WorkerJobTest {

  private static final WorkerSettings SETTINGS = WorkerSettings.from(ScatterConfig.load());

  /**
   * Sums its numbers, moving the hand clock by {@code nanosPerNumber} per number (by the number
   * itself where that is 0, so partitions cost what the test says); throws on 13.
   */
  private static final class Summing implements RangeTask<Long> {
    final AtomicLong clock;
    final long nanosPerNumber;

    Summing(AtomicLong clock, long nanosPerNumber) {
      this.clock = clock;
      this.nanosPerNumber = nanosPerNumber;
    }

    @Override
    public String name() {
      return "summing";
    }

    @Override
    public String description() {
      return "sums its range on the test's clock";
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      long sum = 0;
      for (long i = from; i < to; i++) {
        if (i == 13) {
          throw new IllegalStateException("thirteen");
        }
        sum += i;
        clock.addAndGet(nanosPerNumber > 0 ? nanosPerNumber : i);
      }
      return sum;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private WorkerJob job(long nanosPerNumber, long progressMillis) {
    Summing task = new Summing(clock, nanosPerNumber);
    WorkerCommand.Offer offer = new WorkerCommand.Offer("job", new TaskRef("summing", Map.of()), null, 1, "",
        progressMillis);
    BoundTask bound = new BoundTask(task, TaskParams.validate("summing", List.of(), Map.of()));
    return new WorkerJob(offer, new WorkerJob.ResolvedTask(bound, null), SETTINGS, new HandTicker(clock::get));
  }

  private static Partition partition(long index, long from, long to) {
    return new Partition("job", index, 1, new LongRange(from, to));
  }

  /** Runs slices until the job has nothing left, all in one turn that used {@code cpu}. */
  private void runTurn(WorkerJob job, long cpu) {
    job.startTurn();
    while (job.canRun(0)) {
      job.runSlice(clock.get());
    }
    job.endTurn(cpu);
  }

  private static List<Long> cpu(List<PartitionOutcome> outcomes) {
    return outcomes.stream().map(outcome -> outcome instanceof PartitionOutcome.Completed c ? c.cpuNanos() : null)
        .toList();
  }

  private static final long TEN_MS = 10_000_000;

  /** A job whose pace is measured: a partition of one number that costs 10 ms, run to the end. */
  private WorkerJob pacedAtTenMillis() {
    WorkerJob job = job(TEN_MS, 0);
    job.queue.add(partition(0, 1, 2));
    runTurn(job, 0);
    job.takePull(null, 1); // the outcome, and a first pull at the window alone: 20 ms / 10 ms
    job.assigned(0, clock.get()); // answered short: nothing measured
    return job;
  }

  @Test
  void targetQueue_coversTheWindowAndTwoRefillRoundTrips_asMeasured() {
    WorkerJob job = pacedAtTenMillis();
    assertEquals(2, job.targetQueue(1), "20 ms of 10 ms partitions before any round trip is known");

    CoordinatorCommand.Pull pull = job.takePull(null, 1);
    assertEquals(2, pull.want());
    clock.addAndGet(15_000_000);
    job.assigned(2, clock.get());

    assertEquals(5, job.targetQueue(1), "(20 ms + 2 x 15 ms) / 10 ms");
    assertEquals(2, job.targetQueue(0.5), "a half share keeps half of it");
  }

  @Test
  void assigned_answeredShort_measuresNoRoundTrip_sinceTheCoordinatorHadNoMoreToGive() {
    WorkerJob job = pacedAtTenMillis();
    job.takePull(null, 1);
    clock.addAndGet(500_000_000); // the job's last partitions were out elsewhere for half a second
    job.assigned(1, clock.get());

    assertEquals(2, job.targetQueue(1));
    assertTrue(!job.pullOutstanding, "answered, so the next pull may go");
  }

  @Test
  void endTurn_sharesTheTurnsCpuByComputeTime_andTheSharesAddUpToIt() {
    WorkerJob job = job(0, 0);
    // Partitions of one number cost that number in nanoseconds; 13 throws.
    job.queue.addAll(List.of(partition(0, 100, 101), partition(1, 13, 14), partition(2, 300, 301),
        partition(3, 200, 201)));
    runTurn(job, 1_001);

    List<PartitionOutcome> sent = job.takePull(null, 1).outcomes();
    assertEquals(Arrays.asList(null, 167L, 500L, 334L), cpu(sent), "the failure is reported first, the rest at the turn's end");
  }

  @Test
  void endTurn_touchesOnlyItsOwnTurn_andLeavesCpuUnknownWhereTheJvmCannotTell() {
    WorkerJob job = job(0, 0);
    job.queue.add(partition(0, 100, 101));
    runTurn(job, 40);
    job.queue.addAll(List.of(partition(1, 1, 2), partition(2, 1, 2)));
    runTurn(job, 11);
    job.queue.add(partition(3, 100, 101));
    runTurn(job, PartitionOutcome.Completed.CPU_UNKNOWN);

    assertEquals(List.of(40L, 6L, 5L, PartitionOutcome.Completed.CPU_UNKNOWN), cpu(job.takePull(null, 1).outcomes()));
  }

  @Test
  void runSlice_aLargePartition_runsInSlicesOfAboutTheSliceTime_andGivesTheWholeRangesAnswer() {
    WorkerJob job = job(1_000, 0); // 1 µs a number: a 5 ms slice is about 5,000 numbers
    long to = 20_000_000;
    job.queue.add(partition(0, 14, to));
    int slices = 0;
    long longest = 0;
    job.startTurn();
    while (job.canRun(0)) {
      long start = clock.get();
      job.runSlice(start);
      longest = Math.max(longest, clock.get() - start);
      slices++;
    }
    job.endTurn(7);

    PartitionOutcome.Completed done = assertInstanceOf(PartitionOutcome.Completed.class,
        job.takePull(null, 1).outcomes().get(0));
    assertEquals((to - 1) * to / 2 - 13 * 14 / 2, done.value());
    assertEquals(7L, done.cpuNanos());
    assertTrue(longest <= 4 * SETTINGS.slice().toNanos(), "longest slice " + longest + " ns");
    long ideal = (to - 14) * 1_000 / SETTINGS.slice().toNanos();
    assertTrue(slices < ideal * 1.2 + 20, slices + " slices for " + ideal + " slices' worth of work");
  }

  @Test
  void takeReturn_midPartition_handsBackWhatRanAsAPartialResult_andTheQueueByIndex() {
    WorkerJob job = job(1_000, 0);
    job.queue.addAll(List.of(partition(4, 14, 1_000_000), partition(5, 1_000_000, 2_000_000)));
    job.startTurn();
    for (int i = 0; i < 10; i++) {
      job.runSlice(clock.get());
    }
    job.endTurn(50);

    CoordinatorCommand.Return handedBack = job.takeReturn(null);
    assertEquals(List.of(5L), handedBack.indices());
    assertEquals(1, handedBack.begun().size());
    var partial = handedBack.begun().get(0);
    assertEquals(4, partial.index());
    assertTrue(partial.upTo() > 14 && partial.upTo() < 1_000_000, "ran part of it: up to " + partial.upTo());
    assertEquals((partial.upTo() - 1) * partial.upTo() / 2 - 13 * 14 / 2, partial.value());
    assertEquals(50L, partial.cpuNanos());
    assertTrue(!job.canRun(0), "nothing is left to run");
  }

  @Test
  void takeProgress_saysNothingForShortPartitions_andReportsALongOneEveryInterval() {
    WorkerJob job = job(1_000, 100); // the job's lease asks for progress every 100 ms
    job.queue.addAll(List.of(partition(0, 14, 1_000_000_000), partition(1, 1_000_000_000, 1_000_000_001)));
    job.startTurn();
    job.runSlice(clock.get());
    assertNull(job.takeProgress(null, clock.get()), "too soon");
    long begun = clock.get();
    while (clock.get() - begun < 100_000_000) {
      job.runSlice(clock.get());
    }
    CoordinatorCommand.Progress progress = job.takeProgress(null, clock.get());
    assertEquals(0, progress.index());
    assertEquals(List.of(1L), progress.queued());
    assertEquals(1_000_000_000 - 14, progress.size());
    assertTrue(progress.done() > 100_000 && progress.done() < progress.size(), "done " + progress.done());
    assertNull(job.takeProgress(null, clock.get()), "not again until another interval has passed");
  }
}

package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.ScatterConfig;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.Digests;
import io.scatter.task.TaskRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mode computes the identical answer for the same job: the first promise of scatter. */
final class ExecutionModesTest {

  static Stream<Arguments> jobs() {
    return Stream.of(
        Arguments.of("primes", Map.of(), new LongRange(0, 300_000), 17),
        Arguments.of("primes", Map.of(), new LongRange(Long.MAX_VALUE - 3_000, Long.MAX_VALUE), 7),
        Arguments.of("collatz", Map.of(), new LongRange(1, 200_000), 13),
        Arguments.of("spin", Map.of("ns", "0"), new LongRange(-50_000, 50_000), 1_000),
        Arguments.of("spin", Map.of("ns", "2000"), new LongRange(0, 2_000), 8),
        Arguments.of("test-concat", Map.of(), new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 500), 64),
        Arguments.of("test-concat", Map.of(), new LongRange(7, 7), 4));
  }

  @ParameterizedTest(name = "{0} {1} over {2} in {3} partitions")
  @MethodSource("jobs")
  void everyModeGivesTheSequentialAnswer(String task, Map<String, String> params, LongRange range, long partitions) {
    Job job = TestTasks.job(task, params, range, partitions, 3);
    Object expected = leftFold(job);
    for (JobRunner runner : Modes.inProcess()) {
      try (runner) {
        RunResult result = runner.run(job.rerun(), ProgressListener.NONE);
        assertEquals(expected, result.value(), runner.mode().label());
        assertEquals(0, result.stats().duplicates(), runner.mode().label());
        assertEquals(job.partitionCount(), result.stats().partitions());
      }
    }
  }

  /** The reference answer, computed the plainest way: every partition in order on this thread. */
  private static Object leftFold(Job job) {
    Object folded = job.task().identity();
    for (long i = 0; i < job.partitionCount(); i++) {
      folded = job.task().combine(folded, job.task().compute(job.plan().partition(i)));
    }
    return folded;
  }

  /**
   * The seed notes' cpu_bound(n) digests, in every in-process mode. Not n=63: it costs each mode
   * seconds of BigInteger multiplication and proves nothing n=50 does not; its digest is checked by
   * NestedProductTaskTest (the task itself), ClusterModeTest (across JVMs) and CommandsTest (the CLI).
   */
  static Stream<Arguments> seedNotes() {
    return Stream.of(
        Arguments.of(50, "230e8a7af76612c4", 1_502_289),
        Arguments.of(32, "3740bf6a245d87c9", 324_809));
  }

  @ParameterizedTest(name = "cpu_bound({0}) = {1}")
  @MethodSource("seedNotes")
  void everyModeReproducesTheSeedNotesDigest(long n, String digest, int bits) {
    JobSpec spec = new JobSpec(new TaskRef("nested-product", Map.of("n", Long.toString(n))), Optional.empty(),
        new Split.IntoCount(16), 3, Duration.ofSeconds(60));
    Job job = Job.prepare(spec, TaskRegistry.load());
    for (JobRunner runner : Modes.inProcess()) {
      try (runner) {
        BigInteger value = (BigInteger) runner.run(job.rerun(), ProgressListener.NONE).value();
        assertEquals(digest, Digests.shortSha256(value), runner.mode().label());
        assertEquals(bits, value.bitLength(), runner.mode().label());
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: a worker used to drop the first job for the second
  void actorsMode_twoJobsAtOnceOnOneWorkerPool_bothGiveTheSequentialAnswer() throws Exception {
    // 100 x 20 ms of sleep over two workers, against a short job of a few dozen ms of work.
    Job longJob = TestTasks.job("test-sleep", Map.of("ms", "20"), new LongRange(0, 100), 100, 3);
    Job shortJob = TestTasks.job("primes", Map.of(), new LongRange(0, 200_000), 16, 3);
    AtomicLong longProgress = new AtomicLong();
    CountDownLatch longStarted = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (JobRunner runner = new ActorRunner(ScatterConfig.load(), Modes.WORKERS, TaskRegistry.load())) {
      Future<RunResult> longRun = thread.submit(() -> runner.run(longJob, (done, total) -> {
        longProgress.set(done);
        longStarted.countDown();
      }));
      assertTrue(longStarted.await(30, TimeUnit.SECONDS), "the long job got going");

      RunResult shortResult = runner.run(shortJob, ProgressListener.NONE);
      long longDoneWhenShortEnded = longProgress.get();

      assertEquals(leftFold(shortJob), shortResult.value());
      assertTrue(longDoneWhenShortEnded < longJob.partitionCount(),
          "the short job finished while the long one ran: " + longDoneWhenShortEnded + " of 100 were in");
      assertEquals(leftFold(longJob), longRun.get(30, TimeUnit.SECONDS).value());
    } finally {
      thread.shutdownNow();
    }
  }
}

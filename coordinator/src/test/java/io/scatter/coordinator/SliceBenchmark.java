package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What running partitions in slices costs, and what it buys, on in-process workers ({@code actors}
 * mode, one per core): each figure is a ratio measured in this one run, the two sides alternated.
 * <ol>
 *   <li>a CPU job of about 10 s of work (primes below {@value #CPU_TO}, 128 partitions) in slices
 *       against the same job with each partition run whole (target: at least 0.99x the speed),
 *       through the same task class ({@link BenchTasks}), which only differ in slicing;
 *   <li>no-op partitions per second ({@code spin ns=0}, {@value #NOOP} partitions of one number),
 *       in slices against whole (target: at least 0.95x);
 *   <li>cancel-to-free: from the cancel of a job of huge partitions (primes over every
 *       non-negative long, 64 partitions of 1.4e17 numbers) to the end of the last slice any
 *       worker ran of it, {@value #CANCELS} times (target: median at most 50 ms).
 * </ol>
 * Not a unit test (wall-clock figures depend on the machine's load): a {@code main}. Run from the
 * repository root:
 * <pre>
 * mvn -B -o -q -DskipTests install
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.coordinator.SliceBenchmark
 * </pre>
 * {@code -Dbench.rounds=N} sets the rounds per comparison (7); {@code -Dscatter.worker.slice=2ms} tries another slice.
 */
public final class SliceBenchmark {

  private static final long CPU_TO = 160_000_000L;
  private static final long NOOP = 1_000_000L;
  /** Rounds per comparison; the spread between runs of the CPU job (about 2 % on a quiet 2-core machine) wants several. */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  private static final int CANCELS = 11;

  private SliceBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Config config = ScatterConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    int workers = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "%d in-process workers; slice %d ms; %s%n", workers,
        config.getDuration("scatter.worker.slice").toMillis(), load());
    try (ActorRunner runner = new ActorRunner(config, workers, registry)) {
      runner.open();
      compare("CPU job, primes below 160,000,000 in 128 partitions", 0.99,
          () -> seconds(runner, job(registry, "bench-primes-sliced", Map.of(), 0, CPU_TO, 128)),
          () -> seconds(runner, job(registry, "bench-primes-whole", Map.of(), 0, CPU_TO, 128)), "s");
      Map<String, String> noop = Map.of("ns", "0");
      compare("no-op partitions per second, 1,000,000 of one number", 0.95,
          () -> NOOP / seconds(runner, job(registry, "bench-spin-sliced", noop, 0, NOOP, NOOP)),
          () -> NOOP / seconds(runner, job(registry, "bench-spin-whole", noop, 0, NOOP, NOOP)), "/s");
      cancelToFree(runner, registry);
    }
  }

  private static Job job(TaskRegistry registry, String task, Map<String, String> params, long from, long to,
      long partitions) {
    return Job.prepare(new JobSpec(new TaskRef(task, params), Optional.of(new LongRange(from, to)),
        new Split.IntoCount(partitions), 3, Duration.ofMinutes(1), false), registry);
  }

  private static double seconds(ActorRunner runner, Job job) {
    return runner.run(job, ProgressListener.NONE).wallSeconds();
  }

  /** Runs each side once to warm up, then alternates them {@value #ROUNDS} times and compares their medians. */
  private static void compare(String what, double target, Supplier<Double> sliced, Supplier<Double> whole,
      String unit) {
    whole.get();
    sliced.get();
    double[] s = new double[ROUNDS];
    double[] w = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      w[i] = whole.get();
      s[i] = sliced.get();
    }
    double slicedMedian = median(s);
    double wholeMedian = median(w);
    // Seconds: less is faster; rates: more is.
    double ratio = unit.equals("s") ? wholeMedian / slicedMedian : slicedMedian / wholeMedian;
    System.out.printf(Locale.ROOT, "%s: sliced %s, whole %s (medians of %d): %.3fx; target >= %.2fx: %s%n", what,
        format(slicedMedian, unit), format(wholeMedian, unit), ROUNDS, ratio, target, ratio >= target ? "met" : "missed");
  }

  private static String format(double value, String unit) {
    return unit.equals("s") ? String.format(Locale.ROOT, "%.3f s", value) : String.format(Locale.ROOT, "%,.0f%s", value, unit);
  }

  private static void cancelToFree(ActorRunner runner, TaskRegistry registry) throws Exception {
    double[] freed = new double[CANCELS];
    for (int i = 0; i < CANCELS; i++) {
      Job huge = job(registry, "bench-primes-probed", Map.of(), 0, Long.MAX_VALUE, 64);
      CompletableFuture<JobOutcome> outcome = runner.start(huge, ProgressListener.NONE);
      Thread.sleep(300); // every worker is well into a partition
      long cancelled = System.nanoTime();
      runner.cancel(huge.id());
      outcome.get(10, TimeUnit.SECONDS);
      Thread.sleep(200); // a worker still running a slice of it would end that slice in the meantime
      freed[i] = Math.max(0, BenchTasks.ProbedPrimes.LAST_SLICE_END.get() - cancelled) / 1e6;
    }
    double median = median(freed);
    System.out.printf(Locale.ROOT, "cancel-to-free, a job of 64 partitions of 1.4e17 numbers: median %.1f ms, max %.1f ms"
        + " (%d cancels); target median <= 50 ms: %s%n", median, Arrays.stream(freed).max().orElseThrow(), CANCELS,
        median <= 50 ? "met" : "missed");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String load() {
    return String.format(Locale.ROOT, "load average %.2f on %d cores",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
  }
}

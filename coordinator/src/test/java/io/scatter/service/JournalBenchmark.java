package io.scatter.service;

import com.typesafe.config.Config;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.ActorRunner;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalSettings;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ClientLoad;
import io.scatter.testing.TestConfig;
import io.scatter.testing.ThreadCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What the job journal (embedded H2) costs, measured in one run against the same service without
 * one, on the in-process actors pool (so the figures are the journal's, not the network's):
 * <ol>
 *   <li>no-op partitions per second: one job of 1,000,000 no-op partitions (target >= 0.8x);
 *   <li>a CPU job's wall time: primes below 60,000,000 in 64 partitions (target >= 0.98x, as speed);
 *   <li>jobs per second through the job service: 2,000 jobs of 10 no-op partitions from 8 client threads
 *       (target >= 0.5x);
 *   <li>a restart: from opening the journal to the first partition of a resumed job running again
 *       (a job of 1,000 partitions, half of them kept; target < 2 s on 2 cores).
 * </ol>
 * A {@code main}, not a unit test: the figures depend on the machine's load. From the repository root:
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.service.JournalBenchmark
 * </pre>
 */
public final class JournalBenchmark {

  private static final Config CONFIG = TestConfig.load();
  private static final TaskRegistry REGISTRY = TaskRegistry.load();
  private static final int WORKERS = Runtime.getRuntime().availableProcessors();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private JournalBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("scatter-journal-bench");
    try {
      System.out.printf("%d cores, %d workers; load %s%n", Runtime.getRuntime().availableProcessors(), WORKERS, load());
      JobRequest noop = JobRequest.builder().task("spin").params(Map.of("ns", "0")).range("0..1000000")
          .partitions(1_000_000L).build();
      JobRequest cpu = JobRequest.builder().task("primes").range("0..60000000").partitions(64L).build();
      JobRequest tiny = JobRequest.builder().task("spin").params(Map.of("ns", "0")).range("0..10").partitions(10L).build();
      boolean jobsOnly = Boolean.getBoolean("bench.jobs-only"); // -Dbench.jobs-only=true: jobs/s alone
      // -Dbench.probe=noop|cpu: that job in 8 pairs on two services opened once, as a coordinator runs
      // job after job on one journal (a journal opened per run put its plugin's start-up, its connection
      // pool and their compilation inside the job's wall); one job each first, unmeasured; the order is
      // swapped each pair (the second run of a pair inherits the first one's garbage); the median of
      // the last 4 is printed.
      String probe = System.getProperty("bench.probe");
      if (probe != null) {
        JobRequest request = probe.equals("cpu") ? cpu : noop;
        List<Double> warmRatios = new ArrayList<>();
        try (RunnerJobService plainService = service(dir, false); RunnerJobService keptService = service(dir, true)) {
          if (Boolean.getBoolean("bench.warm")) {
            jobsPerSecond(plainService, tiny, 2_000);
            jobsPerSecond(keptService, tiny, 2_000);
          }
          seconds(plainService, false, request);
          seconds(keptService, true, request);
          for (int i = 0; i < 8; i++) {
            double without;
            double with;
            if (i % 2 == 0) {
              without = seconds(plainService, false, request);
              with = seconds(keptService, true, request);
            } else {
              with = seconds(keptService, true, request);
              without = seconds(plainService, false, request);
            }
            System.out.printf("%s without %.3f s, with %.3f s (%s first): %.3fx%n", probe, without, with,
                i % 2 == 0 ? "without" : "with", without / with);
            if (i >= 4) {
              warmRatios.add(without / with);
            }
          }
        }
        warmRatios.sort(null);
        System.out.printf("%s: speed with the journal against without, median of the last 4 pairs %.3fx; load %s%n",
            probe, (warmRatios.get(1) + warmRatios.get(2)) / 2, load());
        return;
      }
      for (int round = 0; round < 2; round++) { // the first round warms the JIT; the second is printed
        boolean print = round == 1;
        if (jobsOnly) {
          double plainRate = jobsPerSecond(dir, false, tiny, 2_000);
          double keptRate = jobsPerSecond(dir, true, tiny, 2_000);
          report(print, "jobs/s (10 no-op partitions, 8 clients)", plainRate, keptRate, "%,.0f", ">= 0.5x");
          continue;
        }
        double plain = seconds(dir, false, noop);
        double kept = seconds(dir, true, noop);
        report(print, "no-op partitions/s (1,000,000)", 1e6 / plain, 1e6 / kept, "%,.0f", ">= 0.8x");
        plain = seconds(dir, false, cpu);
        kept = seconds(dir, true, cpu);
        report(print, "CPU job, 1/wall (primes < 6e7)", 1 / plain, 1 / kept, "%.3f", ">= 0.98x");
        double plainRate = jobsPerSecond(dir, false, tiny, 2_000);
        double keptRate = jobsPerSecond(dir, true, tiny, 2_000);
        report(print, "jobs/s (10 no-op partitions, 8 clients)", plainRate, keptRate, "%,.0f", ">= 0.5x");
      }
      if (jobsOnly) {
        return;
      }
      System.out.printf("restart to the first partition running again: %.3f s (target < 2 s); load %s%n",
          restart(dir), load());
    } finally {
      deleteTree(dir);
    }
  }

  private static void report(boolean print, String what, double without, double with, String format, String target) {
    if (print) {
      System.out.printf("%-42s with the journal %.2fx: " + format + " against " + format + " without (target %s)%n",
          what, with / without, with, without, target);
    }
  }

  private static RunnerJobService service(Path dir, boolean journaled) {
    Optional<JobJournal> journal = journaled
        ? Optional.of(JobJournal.open(JournalSettings.from(CONFIG).at(dir.resolve("j" + System.nanoTime()).toString()),
            CONFIG))
        : Optional.empty();
    return RunnerJobService.open(new ActorRunner(CONFIG, WORKERS, REGISTRY), CONFIG, REGISTRY, journal);
  }

  private static double seconds(Path dir, boolean journaled, JobRequest request) throws Exception {
    try (RunnerJobService service = service(dir, journaled)) {
      return seconds(service, journaled, request);
    }
  }

  private static double seconds(RunnerJobService service, boolean journaled, JobRequest request) throws Exception {
    long start = System.nanoTime();
    long cpuStart = PROCESS.getProcessCpuTime();
    Map<String, Long> threadsBefore = ThreadCpu.millisByGroup();
    JobView ended = service.submit(request).done().toCompletableFuture().get(10, TimeUnit.MINUTES);
    if (ended.state() != JobStatus.SUCCEEDED) {
      throw new IllegalStateException("benchmark job did not succeed: " + ended);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (System.getProperty("bench.probe") != null) {
      System.out.printf("  %s: wall %.3f s, this JVM's CPU %.3f s: %s%n", journaled ? "with" : "without", seconds,
          (PROCESS.getProcessCpuTime() - cpuStart) / 1e9, ThreadCpu.describe(threadsBefore, ThreadCpu.millisByGroup()));
    }
    return seconds;
  }

  private static double jobsPerSecond(Path dir, boolean journaled, JobRequest request, int jobs) throws Exception {
    try (RunnerJobService service = service(dir, journaled)) {
      return jobsPerSecond(service, request, jobs);
    }
  }

  private static double jobsPerSecond(RunnerJobService service, JobRequest request, int jobs) throws Exception {
    return ClientLoad.jobsPerSecond(8, jobs,
        () -> service.submit(request).done().toCompletableFuture().get(1, TimeUnit.MINUTES));
  }

  /** Seconds from opening a journal that holds a half-done job to that job's first partition running again. */
  private static double restart(Path dir) throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    Path journalDir = dir.resolve("restart");
    JobRequest request = JobRequest.builder().task("test-trace").params(Map.of("dir", traced.toString(), "ms", "1"))
        .range("0..1000").partitions(1000L).build();
    JournalSettings settings = JournalSettings.from(CONFIG).at(journalDir.toString());
    JobRequests requests = new JobRequests(JobDefaults.from(CONFIG), REGISTRY);
    try (JobJournal journal = JobJournal.open(settings, CONFIG)) {
      journal.submit(new JobSubmitted(StoredRequests.write(request), requests.prepare(request).planLine(), 0)).writer()
          .results(LongStream.range(0, 500).mapToObj(index -> new AcceptedResult(index * 2, 1L)).toList());
    }
    long start = System.nanoTime();
    try (RunnerJobService service = RunnerJobService.open(new ActorRunner(CONFIG, WORKERS, REGISTRY), CONFIG, REGISTRY,
        Optional.of(JobJournal.open(settings, CONFIG)))) {
      while (isEmpty(traced)) {
        Thread.onSpinWait();
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }

  private static String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}

package io.scatter.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.scatter.api.ApiServer;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.ActorRunner;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalSettings;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ClientLoad;
import io.scatter.testing.LoopbackHttp;
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
 *   <li>no-op partitions per second: five jobs of 1,000,000 no-op partitions (target >= 0.8x);
 *   <li>a CPU job's wall time: primes below 60,000,000 in 64 partitions (target >= 0.98x, as speed);
 *   <li>jobs per second through the job service: 2,000 jobs of 10 no-op partitions from 8 client threads
 *       (target >= 0.5x);
 *   <li>the same through the HTTP API on loopback, each client posting a job and waiting for its end
 *       (target >= 0.5x);
 *   <li>a restart: from opening the journal to the first partition of a resumed job running again
 *       (a job of 1,000 partitions, half of them kept; target < 2 s on 2 cores).
 * </ol>
 * Each of the first three rows runs on two services opened once, as a coordinator runs job after job
 * on one journal, in alternating pairs after unmeasured pairs of warm-up (more for the rows the JIT moved
 * most), and prints the median pair: a journal opened per run put its plugin's start-up and its
 * compilation inside the figure, and a single pair moved by 2x from run to run with the JIT and the host.
 * A {@code main}, not a unit test: the figures depend on the machine's load. From the repository root
 * ({@code -Dbench.only=noop|cpu|jobs|api} for one row, or a comma-separated list, {@code -Dbench.cpu=true} for each run's CPU by thread):
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.service.JournalBenchmark
 * </pre>
 */
public final class JournalBenchmark {

  private static final Config CONFIG = TestConfig.load();
  private static final TaskRegistry REGISTRY = TaskRegistry.load();
  private static final int WORKERS = Runtime.getRuntime().availableProcessors();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The tiny job as an API client posts it. */
  private static final String TINY_JSON = "{\"task\":\"spin\",\"params\":{\"ns\":\"0\"},\"range\":\"0..10\",\"partitions\":10}";
  /** Measured pairs per row: an odd number, so the median is one pair's. */
  private static final int PAIRS = 7;
  /** Unmeasured pairs before a row's measured ones ({@code -Dbench.warm-pairs} for every row): the JIT's warm-up. */
  private static final int WARM_PAIRS = 2;
  /**
   * The no-op row's: one of its jobs in five took 3-12x its usual 0.14 s when the JIT recompiled the
   * coordinator's hot path (with or without the journal: both share it), which moved a median of 7 pairs
   * from 0.77x to 0.97x between runs.
   */
  private static final int NOOP_PAIRS = 11;
  private static final int NOOP_WARM_PAIRS = 4;
  /**
   * The CPU row's pairs: its target is within 2 % while one 2 s job's wall moves by 5 % from run to run
   * with the host (its workers' own CPU does too), so 7 pairs' median moved by 3 % between runs.
   */
  private static final int CPU_PAIRS = 15;
  /**
   * The CPU row's warm-up: its jobs write a few times a second, so after 2 pairs the JIT was still
   * compiling the journal's code (Pekko Persistence, Slick, H2) through the measured pairs, 1,910 ms of C2
   * against 1,030 ms after 8 pairs, which a coordinator running job after job does not pay.
   */
  private static final int CPU_WARM_PAIRS = 8;
  /**
   * CPU milliseconds this JVM spent beside the job's own workers, per CPU job measured, without and with
   * the journal: what the journal costs a job, steadier than its wall, which the host moves by 5 %.
   */
  private static final List<List<Double>> BESIDE_WORKERS = List.of(new ArrayList<>(), new ArrayList<>());
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
      // -Dbench.only=noop,cpu,jobs,api: those rows alone
      String only = System.getProperty("bench.only", "");
      java.util.Set<String> rows = java.util.Set.of(only.split(","));
      try (RunnerJobService plain = service(dir, false); RunnerJobService kept = service(dir, true)) {
        if (only.isEmpty() || rows.contains("noop")) {
          // Five jobs a run: one takes 0.1-0.2 s, which a collection or the other service's late writes can double.
          pairs("no-op partitions/s (5 jobs of 1,000,000)", ">= 0.8x", "%,.0f", NOOP_WARM_PAIRS, NOOP_PAIRS,
              (service, journaled) -> {
                double seconds = 0;
                for (int job = 0; job < 5; job++) {
                  seconds += seconds(service, journaled, noop);
                }
                return 5e6 / seconds;
              }, plain, kept);
        }
        if (only.isEmpty() || rows.contains("cpu")) {
          pairs("CPU job, 1/wall (primes < 6e7)", ">= 0.98x", "%.3f", CPU_WARM_PAIRS, CPU_PAIRS,
              (service, journaled) -> 1 / seconds(service, journaled, cpu), plain, kept);
        }
        if (only.isEmpty() || rows.contains("jobs")) {
          pairs("jobs/s (10 no-op partitions, 8 clients)", ">= 0.5x", "%,.0f", WARM_PAIRS, PAIRS,
              (service, journaled) -> jobsPerSecond(service, tiny, 2_000), plain, kept);
        }
        if (only.isEmpty() || rows.contains("api")) {
          try (ApiServer plainApi = ApiServer.start(plain, "127.0.0.1", 0, Optional.empty(), CONFIG);
               ApiServer keptApi = ApiServer.start(kept, "127.0.0.1", 0, Optional.empty(), CONFIG)) {
            pairs("API jobs/s (HTTP, 10 no-op partitions, 8 clients)", ">= 0.5x", "%,.0f", WARM_PAIRS, PAIRS,
                (service, journaled) -> apiJobsPerSecond(journaled ? keptApi.url() : plainApi.url(), 2_000), plain,
                kept);
          }
        }
      }
      if (!only.isEmpty()) {
        return;
      }
      System.out.printf("restart to the first partition running again: %.3f s (target < 2 s); load %s%n",
          restart(dir), load());
    } finally {
      deleteTree(dir);
    }
  }

  /** One measurement of a service, as a speed (higher is faster). */
  @FunctionalInterface
  private interface Speed {
    double of(RunnerJobService service, boolean journaled) throws Exception;
  }

  /**
   * Measures {@code speed} on the two services, opened once (as a coordinator runs job after job on one
   * journal): {@code warm} pairs first, unmeasured, as the JIT's warm-up, then {@code count} pairs, the order
   * swapped each pair (the second run of a pair inherits the first one's garbage); prints each pair and
   * the median ratio.
   */
  private static void pairs(String what, String target, String format, int warm, int count, Speed speed,
      RunnerJobService plain, RunnerJobService kept) throws Exception {
    List<double[]> measured = new ArrayList<>();
    Map<String, Long> threadsBefore = Map.of();
    for (int i = -Integer.getInteger("bench.warm-pairs", warm); i < count; i++) {
      if (i == 0) {
        BESIDE_WORKERS.forEach(List::clear);
        threadsBefore = ThreadCpu.millisByGroup();
      }
      boolean keptFirst = (i & 1) != 0;
      double first = speed.of(keptFirst ? kept : plain, keptFirst);
      double second = speed.of(keptFirst ? plain : kept, !keptFirst);
      double without = keptFirst ? second : first;
      double with = keptFirst ? first : second;
      if (i >= 0) {
        measured.add(new double[] {with / without, with, without});
        System.out.printf("  %s, pair %d (%s first): " + format + " with, " + format + " without, %.3fx%n", what,
            i + 1, keptFirst ? "with" : "without", with, without, with / without);
      }
    }
    if (Boolean.getBoolean("bench.cpu")) {
      System.out.printf("  CPU of the measured pairs (%d jobs each way): %s%n", count,
          ThreadCpu.describe(threadsBefore, ThreadCpu.millisByGroup()));
    }
    measured.sort(java.util.Comparator.comparingDouble(pair -> pair[0]));
    double[] median = measured.get(measured.size() / 2);
    System.out.printf("%-42s with the journal %.3fx (median of %d pairs; range %.2fx-%.2fx): " + format + " against "
        + format + " without (target %s); load %s%n", what, median[0], measured.size(), measured.get(0)[0],
        measured.get(measured.size() - 1)[0], median[1], median[2], target, load());
    if (!BESIDE_WORKERS.get(1).isEmpty()) {
      System.out.printf("%-42s CPU beside the job's workers, median per job: %.0f ms with the journal, %.0f ms without%n",
          "", median(BESIDE_WORKERS.get(1)), median(BESIDE_WORKERS.get(0)));
      BESIDE_WORKERS.forEach(List::clear);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static RunnerJobService service(Path dir, boolean journaled) {
    Optional<JobJournal> journal = journaled
        ? Optional.of(JobJournal.open(JournalSettings.from(CONFIG).at(dir.resolve("j" + System.nanoTime()).toString()),
            CONFIG))
        : Optional.empty();
    return RunnerJobService.open(new ActorRunner(CONFIG, WORKERS, REGISTRY), CONFIG, REGISTRY, journal);
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
    BESIDE_WORKERS.get(journaled ? 1 : 0).add(
        (PROCESS.getProcessCpuTime() - cpuStart - ended.stats().orElseThrow().workerCpuNanos()) / 1e6);
    if (Boolean.getBoolean("bench.cpu")) {
      System.out.printf("  %s: view %d ms, workers' cpu %.3f s, combine %.1f ms%n", journaled ? "with" : "without",
          java.time.Duration.between(ended.submitted(), ended.ended().orElseThrow()).toMillis(),
          ended.stats().orElseThrow().workerCpuNanos() / 1e9, ended.stats().orElseThrow().combineNanos() / 1e6);
      System.out.printf("  %s: wall %.3f s, this JVM's CPU %.3f s: %s%n", journaled ? "with" : "without", seconds,
          (PROCESS.getProcessCpuTime() - cpuStart) / 1e9, ThreadCpu.describe(threadsBefore, ThreadCpu.millisByGroup()));
    }
    return seconds;
  }

  private static double jobsPerSecond(RunnerJobService service, JobRequest request, int jobs) throws Exception {
    long cpuStart = PROCESS.getProcessCpuTime();
    Map<String, Long> threadsBefore = ThreadCpu.millisByGroup();
    double rate = ClientLoad.jobsPerSecond(8, jobs,
        () -> service.submit(request).done().toCompletableFuture().get(1, TimeUnit.MINUTES));
    if (Boolean.getBoolean("bench.cpu")) {
      System.out.printf("  %,.0f jobs/s, CPU %.3f ms per job: %s%n", rate, (PROCESS.getProcessCpuTime() - cpuStart) / 1e6 / jobs,
          ThreadCpu.describe(threadsBefore, ThreadCpu.millisByGroup()));
    }
    return rate;
  }

  /**
   * Jobs per second through the HTTP API on loopback: each client posts a job and waits for its end as
   * a client should ({@code GET /jobs/{id}?wait=}), on a connection of its own.
   */
  private static double apiJobsPerSecond(String url, int jobs) throws Exception {
    List<LoopbackHttp> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    ThreadLocal<LoopbackHttp> connection = ThreadLocal.withInitial(() -> {
      LoopbackHttp http = new LoopbackHttp(url);
      opened.add(http);
      return http;
    });
    try {
      return ClientLoad.jobsPerSecond(8, jobs, () -> {
        LoopbackHttp http = connection.get();
        JsonNode view = answer(http.send("POST", "/jobs", TINY_JSON), 201);
        while (view.get("state").asText().equals("RUNNING")) {
          view = answer(http.send("GET", "/jobs/" + view.get("id").asText() + "?wait=10s", null), 200);
        }
        if (!view.get("state").asText().equals("SUCCEEDED")) {
          throw new IllegalStateException("benchmark job did not succeed: " + view);
        }
      });
    } finally {
      for (LoopbackHttp http : opened) {
        http.close();
      }
    }
  }

  private static JsonNode answer(LoopbackHttp.Response response, int expected) throws IOException {
    if (response.status() != expected) {
      throw new IllegalStateException("the API answered " + response.status() + ": " + response.body());
    }
    return JSON.readTree(response.body());
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

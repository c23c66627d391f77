package io.scatter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.cli.Scatter;
import io.scatter.localcluster.LocalCluster;
import io.scatter.testing.LoopbackHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job service as its clients see it: a real {@code scatter cluster up} (2 node JVMs of one
 * worker each and a {@code scatter coordinator} JVM, on loopback), driven only through its HTTP
 * API. Prints three figures, each from this one run:
 * <ol>
 *   <li>jobs per second: {@value #JOBS} jobs of {@value #NOOP_PARTITIONS} no-op partitions
 *       ({@code spin} with {@code ns=0}, the cheapest built-in task), from {@value #CLIENTS}
 *       clients at once, each submitting a job and waiting for its end ({@code GET /jobs/{id}?wait=}), then the next;
 *   <li>a short CPU job's latency (submitted to seen ended) while a long CPU job runs beside it,
 *       against its latency alone, median of {@value #LATENCY_RUNS};
 *   <li>cancel-to-free: from sending {@code DELETE /jobs/{id}} of a long job that holds every
 *       worker to a no-op job submitted the moment the DELETE is answered having ended, having run
 *       on both workers; beside it that no-op job's own latency on an idle cluster.
 * </ol>
 * Not a unit test (wall-clock figures depend on the machine's load): a {@code main} that prints
 * them, with the load average. Run from the repository root:
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.api.JobServiceBenchmark
 * </pre>
 * Arguments are passed on to {@code cluster up} (e.g. {@code --config FILE}); {@code -Dbench.throughput-only=true}
 * prints the jobs per second alone.
 */
public final class JobServiceBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code -Dbench.throughput-only=true}: jobs per second alone, e.g. while profiling it. */
  private static final String THROUGHPUT_ONLY = "bench.throughput-only";
  private static final int JOBS = 1_000;
  private static final int NOOP_PARTITIONS = 10;
  private static final int CLIENTS = 8;
  /**
   * No-op jobs run first, uncounted, so the JIT has compiled the paths the counted ones take. A
   * path taken once a job reaches C2 after thousands of jobs: after 1,000 the JIT compiler was
   * still over half of every JVM's CPU in the counted run (the figure measured the JIT more than
   * the service); after 10,000 the nodes' JIT is done and the coordinator's under half. Override
   * with {@code -Dbench.warm-up-jobs=N}.
   */
  private static final int WARM_UP_JOBS = Integer.getInteger("bench.warm-up-jobs", 10_000);
  private static final int LATENCY_RUNS = 5;
  private static final int CANCEL_RUNS = 5;
  /** How often awaitDone looks at a long job's progress. */
  private static final long LAST_POLL_MILLIS = 16;
  private static final String NOOP = "{\"task\":\"spin\",\"params\":{\"ns\":\"0\"},\"range\":\"0.." + NOOP_PARTITIONS
      + "\",\"partitions\":" + NOOP_PARTITIONS + "}";
  /** About 2 s of CPU in 32 partitions: about 1 s on two workers. */
  private static final String SHORT = "{\"task\":\"primes\",\"range\":\"0..20000000\",\"partitions\":32}";
  private static final String SHORT_ANSWER = "1270607";
  /** 3,000 partitions of 20 ms spinning: 30 s on two workers, longer than all it shares the cluster with. */
  private static final String LONG = "{\"task\":\"spin\",\"params\":{\"ns\":\"20000000\"},\"range\":\"0..3000\","
      + "\"partitions\":3000}";
  /** The long job is cancelled once it has this many partitions done: it is running on every worker. */
  private static final int LONG_DONE_BEFORE_CANCEL = 20;

  private final String base;
  /** The JVMs whose CPU time each figure is shown beside: name to pid (this client's too). */
  private final java.util.Map<String, Long> jvms;
  /** This client's connection; the benchmark's JVM is part of the measured machine, hence a light client. */
  private final LoopbackHttp http;

  private JobServiceBenchmark(String base, java.util.Map<String, Long> jvms) {
    this.base = base;
    this.jvms = jvms;
    this.http = new LoopbackHttp(base);
  }

  public static void main(String[] args) throws Exception {
    Path stateDir = Files.createTempDirectory("scatter-service-bench");
    String clusterName = "scatter-bench-" + ProcessHandle.current().pid();
    try {
      List<String> up = new ArrayList<>(List.of("cluster", "up", "--nodes", "2", "--workers", "1",
          "--coordinator-port", "0", "--state-dir", stateDir.toString(), "--cluster-name", clusterName));
      up.addAll(List.of(args)); // more flags for 'cluster up', e.g. --config FILE to try other settings
      cli(up.toArray(String[]::new));
      LocalCluster cluster = LocalCluster.read(stateDir).orElseThrow();
      String url = cluster.coordinator().url();
      java.util.Map<String, Long> jvms = new java.util.LinkedHashMap<>();
      jvms.put("coordinator", cluster.coordinator().pid());
      cluster.nodes().forEach(node -> jvms.put(node.name(), node.pid()));
      jvms.put("clients", ProcessHandle.current().pid());
      System.out.printf("cluster of 2 node JVMs x 1 worker and a coordinator at %s; %d cores; %s%n", url,
          Runtime.getRuntime().availableProcessors(), load());
      new JobServiceBenchmark(url, jvms).run();
    } finally {
      cli("cluster", "down", "--state-dir", stateDir.toString());
      Files.deleteIfExists(stateDir);
    }
  }

  private void run() throws Exception {
    throughput(WARM_UP_JOBS);
    double jobsPerSecond = throughput(JOBS);
    System.out.printf("jobs per second: %,.0f (target 200)%n", jobsPerSecond);
    if (Boolean.getBoolean(THROUGHPUT_ONLY)) {
      return;
    }

    latency(SHORT); // warm-up
    double solo = median(LATENCY_RUNS, () -> latency(SHORT));
    String longJob = submit(LONG);
    awaitDone(longJob, LONG_DONE_BEFORE_CANCEL);
    double beside = median(LATENCY_RUNS, () -> latency(SHORT));
    JsonNode longThen = get(longJob);
    delete(longJob);
    System.out.printf("short job (primes below 20,000,000, 32 partitions): %.3f s alone, %.3f s beside a long job "
        + "(%d of 3,000 partitions done when the last ended): %.2fx; target <= 2x + 0.1 s = %.3f s: %s; %s%n",
        solo, beside, longThen.get("partitionsDone").asLong(), beside / solo, 2 * solo + 0.1,
        beside <= 2 * solo + 0.1 ? "met" : "missed", load());

    double idleNoop = median(CANCEL_RUNS, () -> latency(NOOP));
    double[] freed = new double[CANCEL_RUNS];
    double[] deleteAnswered = new double[CANCEL_RUNS];
    for (int i = 0; i < CANCEL_RUNS; i++) {
      String cancelled = submit(LONG);
      awaitDone(cancelled, LONG_DONE_BEFORE_CANCEL);
      long start = System.nanoTime();
      JsonNode view = delete(cancelled);
      deleteAnswered[i] = (System.nanoTime() - start) / 1e9;
      if (!view.get("state").asText().equals("CANCELLED")) {
        throw new IllegalStateException("the long job did not report cancelled: " + view);
      }
      JsonNode next = ended(submit(NOOP));
      freed[i] = (System.nanoTime() - start) / 1e9;
      expect(next, String.valueOf(NOOP_PARTITIONS));
      if (next.get("stats").get("peakWorkers").asInt() != 2) {
        throw new IllegalStateException("the next job ran on fewer than both workers: " + next);
      }
    }
    Arrays.sort(freed);
    Arrays.sort(deleteAnswered);
    System.out.printf("cancel-to-free: DELETE sent to the next no-op job ended on both workers: median %.3f s, "
        + "max %.3f s (target < 1 s) over %d cancels; the DELETE itself answered in median %.3f s; the no-op job "
        + "alone takes %.3f s; %s%n", freed[CANCEL_RUNS / 2], freed[CANCEL_RUNS - 1], CANCEL_RUNS,
        deleteAnswered[CANCEL_RUNS / 2], idleNoop, load());
  }

  /** {@code jobs} no-op jobs from {@link #CLIENTS} clients, each waiting for its job's end before the next. */
  private double throughput(int jobs) throws Exception {
    AtomicInteger left = new AtomicInteger(jobs);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<double[]>> latencies = new ArrayList<>();
    java.util.Map<String, Long> cpuBefore = cpuMillis();
    java.util.Map<String, Long> jitBefore = jitMillis();
    long start = System.nanoTime();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        JobServiceBenchmark own = new JobServiceBenchmark(base, jvms); // one connection per client
        latencies.add(clients.submit(() -> {
          try (LoopbackHttp connection = own.http) {
            List<Double> seconds = new ArrayList<>();
            while (left.getAndDecrement() > 0) {
              seconds.add(own.latency(NOOP));
            }
            return seconds.stream().mapToDouble(Double::doubleValue).toArray();
          }
        }));
      }
      double[] all = new double[0];
      for (Future<double[]> each : latencies) {
        double[] some = each.get();
        double[] joined = Arrays.copyOf(all, all.length + some.length);
        System.arraycopy(some, 0, joined, all.length, some.length);
        all = joined;
      }
      double wall = (System.nanoTime() - start) / 1e9;
      java.util.Map<String, Long> cpuAfter = cpuMillis();
      java.util.Map<String, Long> jitAfter = jitMillis();
      Arrays.sort(all);
      System.out.printf("%,d jobs of %d no-op partitions from %d clients: %.3f s, %,.0f jobs/s; latency p50 %.1f ms, "
          + "p99 %.1f ms; %s%n", jobs, NOOP_PARTITIONS, CLIENTS, wall, jobs / wall, all[all.length / 2] * 1e3,
          all[(int) (all.length * 0.99)] * 1e3, load());
      StringBuilder perJob = new StringBuilder("  CPU per job (of it the JIT compiler's):");
      cpuAfter.forEach((name, millis) -> perJob.append(String.format(" %s %.2f ms (%.2f)", name,
          (double) (millis - cpuBefore.get(name)) / jobs, (double) (jitAfter.get(name) - jitBefore.get(name)) / jobs)));
      System.out.println(perJob);
      return jobs / wall;
    } finally {
      clients.shutdownNow();
    }
  }

  /** Submits the job, polls it until it ended, checks its answer; the seconds from submit to seeing it ended. */
  private double latency(String job) throws Exception {
    long start = System.nanoTime();
    JsonNode view = ended(submit(job));
    double seconds = (System.nanoTime() - start) / 1e9;
    expect(view, job.equals(SHORT) ? SHORT_ANSWER : String.valueOf(NOOP_PARTITIONS));
    return seconds;
  }

  private interface Measured {
    double seconds() throws Exception;
  }

  private static double median(int runs, Measured measured) throws Exception {
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      seconds[i] = measured.seconds();
    }
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }

  private static void expect(JsonNode view, String answer) {
    if (!view.get("state").asText().equals("SUCCEEDED") || !view.get("answer").asText().equals(answer)) {
      throw new IllegalStateException("expected the answer " + answer + ", got " + view);
    }
  }

  private String submit(String body) throws Exception {
    return send("POST", "/jobs", body, 201).get("id").asText();
  }

  private JsonNode get(String id) throws Exception {
    return send("GET", "/jobs/" + id, null, 200);
  }

  private JsonNode delete(String id) throws Exception {
    return send("DELETE", "/jobs/" + id, null, 200);
  }

  /** Waits for the end as a client should: each GET is held by the server until the job ends (or 10 s). */
  private JsonNode ended(String id) throws Exception {
    while (true) {
      JsonNode view = send("GET", "/jobs/" + id + "?wait=10s", null, 200);
      if (!view.get("state").asText().equals("RUNNING")) {
        return view;
      }
    }
  }

  private void awaitDone(String id, long partitions) throws Exception {
    while (get(id).get("partitionsDone").asLong() < partitions) {
      Thread.sleep(LAST_POLL_MILLIS);
    }
  }

  private JsonNode send(String method, String path, String body, int expected) throws Exception {
    LoopbackHttp.Response response = http.send(method, path, body);
    if (response.status() != expected) {
      throw new IllegalStateException(method + " " + path + ": " + response.status() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    int code = Scatter.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
    if (code != 0) {
      throw new IllegalStateException("scatter " + String.join(" ", args) + " exited " + code + ":\n" + out);
    }
  }

  /**
   * CPU time so far of each JVM's JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThre..."
   * as /proc shortens them), from /proc (Linux): a figure that is mostly compiling is not the
   * service's steady cost. Compiler threads the JVM retired in between are missed.
   */
  private java.util.Map<String, Long> jitMillis() throws Exception {
    long tick = 10; // USER_HZ is 100 on Linux
    java.util.Map<String, Long> millis = new java.util.LinkedHashMap<>();
    for (var jvm : jvms.entrySet()) {
      long ticks = 0;
      try (var threads = Files.list(Path.of("/proc/" + jvm.getValue() + "/task"))) {
        for (Path thread : threads.toList()) {
          String stat;
          try {
            stat = Files.readString(thread.resolve("stat"));
          } catch (java.io.IOException e) {
            continue; // the thread ended
          }
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.matches("C\\d CompilerThre.*")) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        }
      }
      millis.put(jvm.getKey(), ticks * tick);
    }
    return millis;
  }

  /** User and system CPU time of each JVM so far, from /proc (Linux). */
  private java.util.Map<String, Long> cpuMillis() throws Exception {
    long tick = 10; // USER_HZ is 100 on Linux
    java.util.Map<String, Long> millis = new java.util.LinkedHashMap<>();
    for (var jvm : jvms.entrySet()) {
      String stat = Files.readString(Path.of("/proc/" + jvm.getValue() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      millis.put(jvm.getKey(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * tick);
    }
    return millis;
  }

  private static String load() throws Exception {
    String[] average = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return "load average " + average[0] + " " + average[1] + " " + average[2];
  }
}

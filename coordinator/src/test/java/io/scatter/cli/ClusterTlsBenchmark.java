package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.localcluster.LocalCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mutual TLS against plain TCP for a CPU-bound job, as README's "Mutual TLS against plain TCP" runs
 * it: two clusters of 2 node JVMs with 1 worker each, one plain and one {@code --tls}, both up for
 * the whole run, and each job run by a fresh {@code scatter run --mode cluster} JVM (a new
 * coordinator per job, as a user's command is). Both clusters are warmed by {@value #WARM_UP_RUNS}
 * run each, then {@code N} pairs run (default {@value #DEFAULT_PAIRS}), the order inside a pair
 * swapped each time (plain first, then TLS first) so that a load drifting over the run falls on
 * both alike. For each run it prints the job's wall time and the CPU seconds, inside the job, of the
 * {@code run} JVM and of each node (from {@code /proc}, Linux; the job's start and end from the run's
 * {@code --progress=json} lines); then each pair's ratio, the median ratio and the mean CPU of each.
 * On 2 cores with both workers busy, a coordinator's CPU inside the job is taken from the workers:
 * that figure, not wall time, says what TLS costs on a loaded machine.
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp coordinator/target/scatter.jar:coordinator/target/test-classes io.scatter.cli.ClusterTlsBenchmark [PAIRS] [--config FILE] [JVM-OPTION...]
 * </pre>
 * {@code --config FILE} goes to {@code cluster up} and to every {@code run} (other cluster settings
 * to try); JVM options after it go to each {@code run} JVM (e.g. {@code -XX:TieredStopAtLevel=1}).
 */
public final class ClusterTlsBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_PAIRS = 5;
  private static final int WARM_UP_RUNS = 1;
  private static final List<String> JOB = List.of("--task", "primes", "--range", "0..160_000_000", "--partitions", "128");
  private static final String ANSWER = "8974458";
  private static final long SAMPLE_MILLIS = 50;
  /** USER_HZ: /proc counts CPU in ticks of 10 ms on Linux. */
  private static final double TICK_SECONDS = 0.01;
  private static final Pattern WALL = Pattern.compile("^wall ([0-9.]+) s, cpu ([0-9.]+) s");

  private record Cluster(String label, Path stateDir, List<Long> nodePids) { }

  /**
   * One run: the job's wall and its workers' CPU (both as the run printed them), and CPU seconds
   * inside the job of the run JVM and of each node JVM (its workers' included).
   */
  private record Run(double wall, double workerCpu, double coordinatorCpu, double[] nodeCpu) {
    double nodesCpu() {
      return Arrays.stream(nodeCpu).sum();
    }

    /** What the nodes spent beside the task itself: messages, TLS, heartbeats, gossip, their JIT. */
    double nodesOverhead() {
      return nodesCpu() - workerCpu;
    }
  }

  /** The run JVM's and the nodes' CPU at one moment. */
  private record Sample(long nanos, double coordinator, double[] nodes) { }

  private final List<String> runJvmOptions;
  /** {@code --config FILE} for each run, or nothing. */
  private final List<String> config;

  private ClusterTlsBenchmark(List<String> runJvmOptions, List<String> config) {
    this.runJvmOptions = runJvmOptions;
    this.config = config;
  }

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PAIRS;
    List<String> rest = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    List<String> config = rest.size() >= 2 && rest.get(0).equals("--config") ? rest.subList(0, 2) : List.of();
    List<String> jvmOptions = rest.subList(config.size(), rest.size());
    Path plainDir = Files.createTempDirectory("scatter-tls-bench-plain");
    Path tlsDir = Files.createTempDirectory("scatter-tls-bench-tls");
    String name = "scatter-tls-bench-" + ProcessHandle.current().pid();
    try {
      Cluster plain = up("plain", plainDir, name + "-plain", config);
      Cluster tls = up("TLS", tlsDir, name + "-tls", concat(config, List.of("--tls")));
      System.out.printf("2 clusters of 2 node JVMs x 1 worker (plain, TLS); %d cores; run JVM options %s; %s; %s%n",
          Runtime.getRuntime().availableProcessors(), jvmOptions, config.isEmpty() ? "conf/ as shipped" : config, load());
      new ClusterTlsBenchmark(jvmOptions, config).run(plain, tls, pairs);
    } finally {
      down(plainDir);
      down(tlsDir);
    }
  }

  private void run(Cluster plain, Cluster tls, int pairs) throws Exception {
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      print("warm-up", plain, job(plain));
      print("warm-up", tls, job(tls));
    }
    List<Double> ratios = new ArrayList<>();
    List<Run> plainRuns = new ArrayList<>();
    List<Run> tlsRuns = new ArrayList<>();
    for (int pair = 1; pair <= pairs; pair++) {
      boolean plainFirst = pair % 2 == 1;
      Run first = job(plainFirst ? plain : tls);
      print("pair " + pair, plainFirst ? plain : tls, first);
      Run second = job(plainFirst ? tls : plain);
      print("pair " + pair, plainFirst ? tls : plain, second);
      Run p = plainFirst ? first : second;
      Run t = plainFirst ? second : first;
      plainRuns.add(p);
      tlsRuns.add(t);
      ratios.add(t.wall() / p.wall());
      System.out.printf("pair %d: TLS / plain %+.1f %% wall; CPU in job, TLS minus plain: run JVM %+.2f s, nodes "
          + "beside the task %+.2f s; %s%n", pair, 100 * (t.wall() / p.wall() - 1), t.coordinatorCpu() - p.coordinatorCpu(),
          t.nodesOverhead() - p.nodesOverhead(), load());
    }
    ratios.sort(Comparator.naturalOrder());
    double median = ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
        : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
    System.out.printf("median TLS / plain over %d pairs: %+.1f %% wall (target within 3 %%: %s); %s%n", pairs,
        100 * (median - 1), Math.abs(median - 1) <= 0.03 ? "met" : "missed", load());
    System.out.printf("mean CPU in a job, plain: run JVM %.2f s, nodes beside the task %.2f s, workers %.2f s; "
        + "TLS: run JVM %.2f s, nodes beside the task %.2f s, workers %.2f s%n",
        mean(plainRuns, Run::coordinatorCpu), mean(plainRuns, Run::nodesOverhead), mean(plainRuns, Run::workerCpu),
        mean(tlsRuns, Run::coordinatorCpu), mean(tlsRuns, Run::nodesOverhead), mean(tlsRuns, Run::workerCpu));
  }

  /** Runs the job in a fresh run JVM against {@code cluster}, sampling CPU until it exits. */
  private Run job(Cluster cluster) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(runJvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Scatter.class.getName(), "run", "--mode",
        "cluster", "--state-dir", cluster.stateDir().toString(), "--progress=json"));
    command.addAll(JOB);
    command.addAll(config);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Sample> samples = new ArrayList<>();
    Thread sampler = new Thread(() -> {
      while (process.isAlive()) {
        try {
          samples.add(new Sample(System.nanoTime(), cpuSeconds(process.pid()),
              cluster.nodePids().stream().mapToDouble(ClusterTlsBenchmark::cpuSeconds).toArray()));
          Thread.sleep(SAMPLE_MILLIS);
        } catch (java.io.UncheckedIOException gone) {
          return; // the run JVM exited between isAlive and the read
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cpu-sampler");
    sampler.start();
    long jobStart = Long.MAX_VALUE;
    long jobEnd = 0;
    Double wall = null;
    double workerCpu = 0;
    boolean answered = false;
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        long now = System.nanoTime();
        output.append(line).append('\n');
        if (line.startsWith("{")) {
          JsonNode progress = JSON.readTree(line);
          jobStart = Math.min(jobStart, now - progress.get("elapsedMs").asLong() * 1_000_000);
          jobEnd = now;
        }
        Matcher matcher = WALL.matcher(line);
        if (matcher.find()) {
          wall = Double.parseDouble(matcher.group(1));
          workerCpu = Double.parseDouble(matcher.group(2));
        }
        answered |= line.equals("answer: " + ANSWER);
      }
    }
    int code = process.waitFor();
    sampler.join();
    if (code != 0 || wall == null || !answered || jobEnd == 0 || samples.isEmpty()) {
      throw new IllegalStateException("run on " + cluster.label() + " exited " + code + " without the answer "
          + ANSWER + ":\n" + output);
    }
    Sample start = at(samples, jobStart);
    Sample end = at(samples, jobEnd);
    double[] nodes = new double[end.nodes().length];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = end.nodes()[i] - start.nodes()[i];
    }
    return new Run(wall, workerCpu, end.coordinator() - start.coordinator(), nodes);
  }

  /** The last sample taken at or before {@code nanos} (the first if none). */
  private static Sample at(List<Sample> samples, long nanos) {
    Sample found = samples.get(0);
    for (Sample sample : samples) {
      if (sample.nanos() > nanos) {
        break;
      }
      found = sample;
    }
    return found;
  }

  private static void print(String what, Cluster cluster, Run run) {
    System.out.printf("%-8s %-5s wall %7.3f s; CPU in job: run JVM %.2f s, nodes %s (workers %.2f s, the rest %.2f s)%n",
        what, cluster.label(), run.wall(), run.coordinatorCpu(), Arrays.toString(Arrays.stream(run.nodeCpu())
            .mapToObj(cpu -> String.format("%.2f", cpu)).toArray()), run.workerCpu(), run.nodesOverhead());
  }

  private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    return runs.stream().mapToDouble(figure).average().orElse(Double.NaN);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static Cluster up(String label, Path stateDir, String clusterName, List<String> more) {
    List<String> up = new ArrayList<>(List.of("cluster", "up", "--nodes", "2", "--workers", "1", "--no-coordinator",
        "--state-dir", stateDir.toString(), "--cluster-name", clusterName));
    up.addAll(more);
    cli(up.toArray(String[]::new));
    LocalCluster cluster = LocalCluster.read(stateDir).orElseThrow();
    return new Cluster(label, stateDir, cluster.nodes().stream().map(LocalCluster.Node::pid).toList());
  }

  private static void down(Path stateDir) throws IOException {
    try {
      cli("cluster", "down", "--state-dir", stateDir.toString());
    } finally {
      // cluster up with --tls writes its CA and key stores here; the folder was ours from the start
      try (Stream<Path> files = Files.walk(stateDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    int code = Scatter.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
    if (code != 0) {
      throw new IllegalStateException("scatter " + String.join(" ", args) + " exited " + code + ":\n" + out);
    }
  }

  /** User and system CPU seconds of process {@code pid} so far, from /proc (Linux). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_SECONDS;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String load() throws IOException {
    String[] average = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return "load average " + average[0] + " " + average[1] + " " + average[2];
  }
}

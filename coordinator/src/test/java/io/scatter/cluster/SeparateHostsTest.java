package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobEvent;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.node.ClusterAddress;
import io.scatter.node.PlainTcpExposure;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.NetnsLab;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scatter across separate network hosts: three network namespaces on a bridge, one {@code scatter
 * node} JVM in each, started as on a real machine ({@code --host} its own address, {@code --seed}
 * the first node's), and the coordinator in the root namespace at the bridge's address. Every
 * message crosses a real (virtual) network, and a link taken down mid-job is silence, not a closed
 * connection: only the failure detector can notice it. Needs root on Linux; skipped elsewhere.
 */
final class SeparateHostsTest {

  private static final String CLUSTER_NAME = "scatter-netns-" + ProcessHandle.current().pid();
  private static final int HOSTS = 3;
  /** Each node is alone in its namespace, so every one can listen on the same port. */
  private static final int NODE_PORT = 2551;
  /** The host whose link goes down mid-job: not the seed, which the others joined through. */
  private static final int CUT_HOST = 3;
  private static final Duration JOIN = Duration.ofSeconds(90);
  private static final String JOIN_TIMEOUT_KEY = "scatter.cluster.join-timeout";
  /** Partitions of the gated job: enough for every host's worker to hold some at the cut. */
  private static final int PARTITIONS = 60;
  private static final LongRange RANGE = new LongRange(0, 6_000);

  private static NetnsLab lab;
  private static Path logs;
  private static final List<Process> nodes = new ArrayList<>();
  private static ClusterRunner runner;

  @BeforeAll
  static void startNodesOnSeparateHosts() throws Exception {
    Optional<String> unavailable = NetnsLab.whyUnavailable();
    // Surefire does not show the reason of an assumption that fails in @BeforeAll: print it too.
    unavailable.ifPresent(why -> System.out.println("SeparateHostsTest skipped: " + why));
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElseThrow());
    long started = System.nanoTime();
    lab = NetnsLab.create(HOSTS);
    logs = Files.createTempDirectory("scatter-netns");
    String seed = lab.address(1) + ":" + NODE_PORT;
    for (int i = 1; i <= HOSTS; i++) {
      List<String> node = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // 60 s to join instead of 20: one clean CI run saw node-2 get no answer from a joined node-1 for 20 s.
          "-Xmx256m", "-D" + JOIN_TIMEOUT_KEY + "=60s", "-cp", System.getProperty("java.class.path"),
          "io.scatter.cli.Scatter", "node",
          "--host", lab.address(i), "--port", Integer.toString(NODE_PORT), "--seed", seed, "--name", "node-" + i,
          "--workers", "1", "--cluster-name", CLUSTER_NAME, "--insecure-plain-tcp"));
      if (i == 1) {
        // As in a container: listen on every local address, tell the others the canonical one.
        node.addAll(List.of("--bind-host", "0.0.0.0"));
      }
      nodes.add(new ProcessBuilder(lab.inNamespace(i, node)).redirectErrorStream(true)
          .redirectOutput(logs.resolve("node-" + i + ".log").toFile()).start());
      if (i == 1) {
        // The others join through it, and give up after 20 s: on a loaded CI machine three JVMs
        // starting at once once kept node-1 from answering for that long (node-2 exited).
        awaitLog(1, "node-1 joined cluster '" + CLUSTER_NAME + "' at " + lab.address(1));
      }
    }
    // Plain TCP between the lab's hosts, on a bridge nothing else reaches.
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME))
        .withValue(PlainTcpExposure.KEY, ConfigValueFactory.fromAnyRef(true));
    runner = new ClusterRunner(config, List.of(ClusterAddress.parse(seed)), lab.bridgeAddress());
    for (int i = 1; i <= HOSTS; i++) {
      awaitLog(i, "node-" + i + " joined cluster '" + CLUSTER_NAME + "' at " + lab.address(i));
    }
    runner.open();
    Eventually.await(JOIN, () -> "the workers of every host to be seen: " + runner.workerNodes(),
        () -> runner.workerNodes().size() >= HOSTS);
    System.out.printf("SeparateHostsTest: %d hosts made, their nodes joined and the coordinator saw their workers in %.1f s%n",
        HOSTS, (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void removeHostsAndNetwork() throws IOException {
    if (lab == null) {
      return;
    }
    long started = System.nanoTime();
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      try {
        for (Process node : nodes) {
          node.descendants().forEach(ProcessHandle::destroyForcibly);
          node.destroyForcibly();
        }
        for (Process node : nodes) {
          try {
            node.waitFor(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          assertFalse(node.isAlive(), "node JVM " + node.pid() + " must be gone");
        }
      } finally {
        try {
          lab.close();
          assertEquals(List.of(), lab.leftovers(), "every namespace, veth and bridge the test made is gone");
          System.out.printf("SeparateHostsTest: cleaned up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        } finally {
          deleteLogs();
        }
      }
    }
  }

  @Test
  void hostWhoseLinkGoesDownMidJob_isDetected_itsPartitionsRunElsewhere_andTheAnswerIsSequential()
      throws Exception {
    Path open = Files.createTempDirectory("scatter-gate-open");
    Path gate = Files.createTempDirectory("scatter-gate");
    try {
      Files.writeString(open.resolve("open"), "");
      Object sequential = LocalRunner.threads(1).run(gated(open), ProgressListener.NONE).value();
      // Every partition waits at the gate, so the link goes down while each host's worker holds work
      // (it has started one), however slowly the machine runs; the lease is too long to bring the
      // cut host's partitions back: only the failure detector can.
      CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> runner.run(gated(gate), ProgressListener.NONE));
      awaitEveryHostStarted(gate, running);
      lab.cut(CUT_HOST);
      long cutNanos = System.nanoTime();
      Files.writeString(gate.resolve("open"), "");
      RunResult result = running.get(JOIN.toSeconds(), TimeUnit.SECONDS);
      checkCutHostsPartitionsRanElsewhere(sequential, result, cutNanos);
    } finally {
      TestDirs.deleteTree(gate);
      TestDirs.deleteTree(open);
    }
  }

  private static Job gated(Path gate) {
    return Job.prepare(new JobSpec(new TaskRef("test-gate", Map.of("dir", gate.toString())), Optional.of(RANGE),
        new Split.IntoCount(PARTITIONS), 3, Duration.ofMinutes(5), false), TaskRegistry.load());
  }

  /** Until a partition has started in each node JVM (the gate task leaves {@code started-<pid>}). */
  private static void awaitEveryHostStarted(Path gate, CompletableFuture<RunResult> running) throws Exception {
    Set<String> hosts = nodes.stream().map(node -> "started-" + node.pid()).collect(Collectors.toSet());
    Eventually.await(JOIN, () -> "a partition to start on every host: " + startedIn(gate) + ", want " + hosts, () -> {
      Set<String> started = startedIn(gate);
      if (started.containsAll(hosts)) {
        return true;
      }
      assertFalse(running.isDone(), "the job ended at a closed gate: " + started);
      return false;
    });
  }

  private static Set<String> startedIn(Path gate) throws IOException {
    try (var files = Files.list(gate)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private void checkCutHostsPartitionsRanElsewhere(Object sequential, RunResult result, long cutNanos) {
    assertEquals(sequential, result.value(), "the answer computed in one thread");
    assertEquals(HOSTS, result.workers(), "a worker on every host took part: " + result.stats().events());
    String cutAddress = lab.address(CUT_HOST) + ":" + NODE_PORT;
    String seen = "events " + result.stats().events();
    // Only the cut host's loss is asserted: on a loaded machine a healthy node may also be thought
    // lost for a moment, which costs duplicate work, never a wrong answer.
    JobEvent.WorkerLost cutWorker = result.stats().events().stream()
        .filter(JobEvent.WorkerLost.class::isInstance).map(JobEvent.WorkerLost.class::cast)
        .filter(lost -> lost.worker().contains(cutAddress)).findFirst()
        .orElseThrow(() -> new AssertionError("the cut host's worker was lost: " + seen));
    assertTrue(cutWorker.atNanos() > cutNanos, "lost after the cut, by the failure detector: " + seen);
    assertFalse(cutWorker.requeued().isEmpty(), "the cut host held partitions when its link went down: " + seen);
    Set<Long> redispatched = result.stats().events().stream()
        .filter(JobEvent.Redispatched.class::isInstance).map(JobEvent.Redispatched.class::cast)
        .filter(event -> !event.worker().contains(cutAddress))
        .flatMap(event -> event.indices().stream()).collect(Collectors.toSet());
    assertTrue(redispatched.containsAll(cutWorker.requeued()),
        "every partition the cut host held ran again on another host: " + seen);
    System.out.printf("%s: link of %s down; worker lost %.1f s later (%s), %d partition(s) re-dispatched, job %.1f s%n",
        getClass().getSimpleName(), lab.namespace(CUT_HOST), (cutWorker.atNanos() - cutNanos) / 1e9,
        cutWorker.reason(), cutWorker.requeued().size(), result.wallSeconds());
  }

  private static void deleteLogs() throws IOException {
    if (logs == null) {
      return;
    }
    TestDirs.deleteTree(logs);
  }

  private static void awaitLog(int host, String text) throws IOException, InterruptedException {
    Path log = logs.resolve("node-" + host + ".log");
    Process node = nodes.get(host - 1);
    Eventually.await(JOIN, () -> "node-" + host + " to log '" + text + "':\n" + everyLog(), () -> {
      if (Files.readString(log).contains(text)) {
        return true;
      }
      assertTrue(node.isAlive(), "node-" + host + " exited before '" + text + "':\n" + everyLog());
      return false;
    });
  }

  /** Every node's log with whether it still runs: a node that cannot join may be the seed's fault. */
  private static String everyLog() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= nodes.size(); i++) {
      all.append("--- node-").append(i).append(nodes.get(i - 1).isAlive() ? " (running)" : " (exited)").append('\n')
          .append(Files.readString(logs.resolve("node-" + i + ".log")));
    }
    return all.toString();
  }
}

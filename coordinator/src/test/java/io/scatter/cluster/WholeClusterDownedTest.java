package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.ProgressListener;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import io.scatter.testing.NodeLogs;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every member downed at once, all of them alive: two node JVMs each cut off from everyone, so each
 * sees itself as the minority (one of three) and the Split Brain Resolver downs it, and the coordinator
 * (this JVM) likewise. On a loaded machine a coordinator's kill -9 can do the same (a clean CI run of
 * {@link CoordinatorCrashTest} did): both nodes also lost sight of each other for a moment. Each new
 * incarnation used to ask only the others to let it in, and each other was no member either, so none
 * ever answered: the cluster was gone for good. Now the node that ranks first of those it last saw
 * founds it again once the others answer that they are not members, the rest join it, and the next
 * job is exact. Tagged {@code alone}: it waits on the resolver's timing, as {@link FrozenNodeRejoinTest}.
 */
@Tag("alone")
@Timeout(180)
final class WholeClusterDownedTest {

  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration CUTOFF = Duration.ofSeconds(5);
  private final String clusterName = "scatter-all-down-" + ProcessHandle.current().pid();
  private Path dir;
  private Path state;
  private ClusterRunner runner;

  @AfterEach
  void down() throws IOException {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      List<LocalCluster.Node> nodes = LocalCluster.read(state).map(LocalCluster::nodes).orElse(List.of());
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      nodes.forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
      nodes.forEach(node -> assertFalse(node.isAlive(), node.name() + " must be gone"));
      TestDirs.deleteTree(dir);
    }
  }

  @Test
  void everyMemberDownedAtOnce_theNodesFormTheClusterAgain_andTheNextJobIsExact() throws Exception {
    dir = Files.createTempDirectory("scatter-all-down-test");
    state = dir.resolve("state");
    // Downed 1 s after the cutoff is noticed instead of 3 s, and the first rejoin attempt after 200 ms.
    String tuning = String.join("\n", "pekko.cluster.split-brain-resolver.stable-after = 1s",
        "scatter.node.rejoin-backoff = 200ms", "");
    Path configFile = Files.writeString(dir.resolve("fast.conf"), tuning);
    new NodeLauncher(state, clusterName, Optional.of(configFile), List.of("-Xmx256m")).up(2, 1, LIMIT);
    List<LocalCluster.Node> nodes = LocalCluster.read(state).orElseThrow().nodes();

    // A coordinator in its own JVM cuts both nodes off from everyone, and is killed once they obey:
    // each node is then one of three with the other two out of sight, and no member is left.
    try (ChildJvm coordinator = ChildJvm.start(dir, List.of("-Xmx256m"), "run", "--mode", "cluster",
        "--task", "test-sleep", "--param", "ms=50", "--range", "0..2000", "--partitions", "2000",
        "--chaos", "cutoff:node-1@1%:" + CUTOFF.toSeconds() + "s", "--chaos", "cutoff:node-2@1%:" + CUTOFF.toSeconds() + "s",
        "--no-baseline", "--state-dir", state.toString(), "--cluster-name", clusterName, "--config", configFile.toString())) {
      for (LocalCluster.Node node : nodes) {
        Eventually.await(LIMIT, () -> node.name() + " cut off; its log:\n" + NodeLogs.read(node) + "\ncoordinator:\n"
            + output(coordinator), () -> NodeLogs.read(node).contains("obeying cutoff"));
      }
    }
    for (LocalCluster.Node node : nodes) {
      Eventually.await(LIMIT, () -> node.name() + " downed; its log:\n" + NodeLogs.read(node),
          () -> NodeLogs.read(node).contains(node.name() + " was downed without being asked to stop"));
    }

    long downed = System.nanoTime();
    for (LocalCluster.Node node : nodes) {
      Eventually.await(LIMIT, () -> node.name() + " back in a cluster; logs:\n" + logs(nodes),
          () -> NodeLogs.read(node).contains(node.name() + " rejoined cluster '" + clusterName + "'"));
      assertTrue(node.isAlive(), "the same " + node.name() + " process lives on");
    }
    System.out.printf(Locale.ROOT, "every member downed: both nodes back in one cluster %.1f s after both were downed%n",
        (System.nanoTime() - downed) / 1e9);
    long founders = nodes.stream().filter(node -> NodeLogs.read(node).contains("founds cluster")).count();
    assertEquals(1, founders, "one node founded the cluster again; logs:\n" + logs(nodes));
    Config config = ConfigFactory.parseString(tuning).withFallback(TestConfig.loadForCluster())
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(clusterName));
    runner = new ClusterRunner(config, LocalCluster.read(state).orElseThrow().seeds(), NodeLauncher.HOST);
    Eventually.await(LIMIT, () -> "a new coordinator sees both nodes in one cluster: " + runner.workerNodes(),
        () -> runner.workerNodes().size() == nodes.size());
    assertEquals(148_933L, runner.run(primes(), ProgressListener.NONE).value(), "the next job, on the formed cluster");
  }

  private static String output(ChildJvm jvm) {
    try {
      return jvm.output();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 2_000_000)),
        new Split.IntoCount(20), 3, Duration.ofMinutes(1), false), TaskRegistry.load());
  }

  private static String logs(List<LocalCluster.Node> nodes) {
    return nodes.stream().map(node -> "--- " + node.name() + "\n" + NodeLogs.read(node))
        .collect(Collectors.joining("\n"));
  }

}

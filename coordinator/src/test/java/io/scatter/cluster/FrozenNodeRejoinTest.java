package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.Eventually;
import io.scatter.testing.NodeLogs;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import io.scatter.node.NodeStatusFile;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A local cluster as a user runs it ({@code cluster up}, {@code run}, {@code compare},
 * {@code cluster status}), three node JVMs of one worker each: the cluster row reports CPU time,
 * and a node frozen until the Split Brain Resolver downs it comes back by itself. Tagged {@code alone}
 * (see coordinator/pom.xml): beside other test JVMs on two cores, the resolver's 1 s stable-after also
 * downed a node that was only slow, and the thawed seed never logged a rejoin (1 failed clean run).
 */
@Tag("alone")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class FrozenNodeRejoinTest {

  private static final String CLUSTER_NAME = "scatter-rejoin-" + ProcessHandle.current().pid();
  private static final Duration LIMIT = Duration.ofSeconds(40);
  private static Path dir;
  private static Path state;
  private static Path config;
  private static List<LocalCluster.Node> nodes = List.of();

  @BeforeAll
  static void clusterUp() throws IOException {
    dir = Files.createTempDirectory("scatter-rejoin-test");
    state = dir.resolve("state");
    // Downed 1 s after the freeze is noticed instead of 3 s, and the first rejoin attempt after 200 ms.
    config = Files.writeString(dir.resolve("rejoin.conf"), String.join("\n",
        "pekko.cluster.split-brain-resolver.stable-after = 1s",
        "scatter.node.rejoin-backoff = 200ms",
        "scatter.cluster.worker-settle = 500ms", ""));
    CliRunner.Result up = cli("cluster", "up", "--no-coordinator", "--nodes", "3", "--workers", "1", "--jvm-option", "-Xmx256m");
    assertEquals(0, up.exitCode(), up.err());
    nodes = LocalCluster.read(state).orElseThrow().nodes();
  }

  @AfterAll
  static void clusterDown() throws IOException {
    try {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      // Only a process that is still that node (its recorded start time) is touched.
      nodes.forEach(node -> node.process().ifPresent(handle -> {
        signal("-CONT", node.pid());
        handle.destroyForcibly();
      }));
      nodes.forEach(node -> assertFalse(node.isAlive(), node.name() + " must be gone"));
    } finally {
      TestDirs.deleteTree(dir);
    }
  }

  private static CliRunner.Result cli(String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(List.of("--state-dir", state.toString(), "--cluster-name", CLUSTER_NAME, "--config", config.toString()));
    return CliRunner.run(line.toArray(String[]::new));
  }

  @Order(1)
  @Test
  void clusterRunReportsTheCpuTimeItsWorkersSpent() throws IOException {
    Path json = dir.resolve("run.json");
    CliRunner.Result run = cli("run", "--mode", "cluster", "--task", "primes", "--range", "0..3_000_000",
        "--partitions", "30", "--json", json.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("answer: 216816"), run.out());
    assertFalse(run.out().contains("cpu n/a"), run.out());
    JsonNode row = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
    assertEquals("cluster", row.get("mode").asText());
    assertTrue(row.get("cpuSeconds").asDouble() > 0, row.toString());
    assertTrue(row.get("stats").get("workerCpuNanos").asLong() > 0, row.toString());
  }

  @Order(2)
  @Test
  void compareShowsACpuFigureInTheClusterRow() {
    CliRunner.Result compare = cli("compare", "--modes", "actors,cluster", "--task", "primes", "--range", "0..2_000_000",
        "--partitions", "20", "--warmup", "0");

    assertEquals(0, compare.exitCode(), compare.err());
    String clusterRow = compare.out().lines().filter(line -> line.startsWith("cluster ")).findFirst().orElseThrow();
    String cpu = clusterRow.trim().split("\\s+")[5];
    assertTrue(cpu.matches("\\d+\\.\\d\\d"), "cpu column of: " + clusterRow + "\n" + compare.out());
  }

  /** node-1 is everyone's seed: its new incarnation must join the others, not found a cluster of its own. */
  @Order(3)
  @Test
  void nodeFrozenUntilDownedRejoinsAsANewIncarnationAndTakesWork() throws Exception {
    LocalCluster.Node frozen = nodes.get(0);
    String address = frozen.address().pekkoAddress(CLUSTER_NAME);
    Path node2View = NodeStatusFile.path(state, nodes.get(1).name());
    signal("-STOP", frozen.pid());
    try {
      await("node-2 to see node-1 downed and removed", () -> memberStatus(node2View, address).equals("absent"));
    } finally {
      signal("-CONT", frozen.pid());
    }

    await("node-1 to rejoin", () -> NodeLogs.read(frozen).contains("rejoined cluster '" + CLUSTER_NAME + "'"));
    assertTrue(frozen.isAlive(), "the same node-1 process lives on");
    assertTrue(NodeLogs.read(frozen).contains("node-1 was downed without being asked to stop"), NodeLogs.read(frozen));
    await("node-2 to see node-1 Up again", () -> memberStatus(node2View, address).equals("Up"));
    // cluster status shows the freshest node's view; node-3 may learn of node-1's Up a gossip round after node-2.
    await("cluster status to show the same node-1 process up", () -> {
      CliRunner.Result status = cli("cluster", "status");
      return status.exitCode() == 0 && status.out().lines().anyMatch(line -> line.startsWith("node-1 ")
          && line.contains(" up ") && line.contains(Long.toString(frozen.pid())));
    });

    CliRunner.Result run = cli("run", "--mode", "cluster", "--task", "primes", "--range", "0..3_000_000",
        "--partitions", "30");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("answer: 216816"), run.out());
    assertTrue(run.out().contains("3 workers in the cluster"), "node-1's new worker took part: " + run.out());
  }

  /** How node-2 sees the member at {@code address}: its status, or "absent". */
  private static String memberStatus(Path view, String address) {
    try {
      return NodeStatusFile.read(view).members().stream().filter(member -> member.address().equals(address))
          .map(member -> member.reachable() ? member.status() : "unreachable").findFirst().orElse("absent");
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Eventually.await(LIMIT, () -> what + "; node-1 log:\n" + NodeLogs.read(nodes.get(0)), condition::getAsBoolean);
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.LogTail;
import io.scatter.testing.TestConfig;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster commands, driving real node JVMs. */
final class ClusterCommandTest {

  @TempDir
  Path dir;

  @Test
  void upStatusKillDownManageRealNodeJvms() throws Exception {
    String state = dir.resolve("state").toString();
    List<LocalCluster.Node> nodes = List.of();
    try {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "2", "--workers", "1", "--state-dir", state,
          "--cluster-name", "cmd-test");
      assertEquals(0, up.exitCode(), up.err());
      assertTrue(up.out().contains("cluster 'cmd-test' is up: 2 nodes"), up.out());
      nodes = LocalCluster.read(Path.of(state)).orElseThrow().nodes();
      assertTrue(nodes.stream().allMatch(LocalCluster.Node::isAlive));
      // scatter.cluster.jvm-options (the suite sets it, pom.xml) reaches every node's command line.
      List<String> configured = NodeLauncher.configuredJvmOptions(Optional.empty());
      assertFalse(configured.isEmpty(), "the suite sets scatter.cluster.jvm-options (pom.xml)");
      for (LocalCluster.Node node : nodes) {
        List<String> arguments = List.of(Files.readString(Path.of("/proc", Long.toString(node.pid()), "cmdline"))
            .split("\0"));
        assertTrue(arguments.containsAll(configured), node.name() + " runs with " + configured + ": " + arguments);
      }

      CliRunner.Result again = CliRunner.run("cluster", "up", "--no-coordinator", "--state-dir", state, "--cluster-name", "cmd-test");
      assertEquals(2, again.exitCode());
      assertTrue(again.err().contains("already running"), again.err());

      CliRunner.Result status = CliRunner.run("cluster", "status", "--state-dir", state, "--cluster-name", "cmd-test");
      assertEquals(0, status.exitCode(), status.err());
      assertTrue(status.out().lines().filter(line -> line.startsWith("node-") && line.contains(" up ")).count() == 2,
          status.out());

      CliRunner.Result kill = CliRunner.run("cluster", "kill", "node-2", "--state-dir", state);
      assertEquals(0, kill.exitCode(), kill.err());
      assertTrue(kill.out().contains("killed node-2"), kill.out());
      assertFalse(nodes.get(1).isAlive());
      CliRunner.Result afterKill = CliRunner.run("cluster", "status", "--state-dir", state, "--cluster-name", "cmd-test");
      assertTrue(afterKill.out().lines().anyMatch(line -> line.startsWith("node-2") && line.contains(" dead ")),
          afterKill.out());

      // node-1's last line, though down removes its log.
      LogTail.During<CliRunner.Result> stopped = LogTail.during(Path.of(state, "node-1.log"),
          () -> CliRunner.run("cluster", "down", "--state-dir", state));
      CliRunner.Result down = stopped.result();
      String nodeLogTail = stopped.appended();
      assertEquals(0, down.exitCode(), down.err());
      assertTrue(down.out().contains("node-1 (pid " + nodes.get(0).pid() + ") stopped"), down.out());
      // node-2, killed, is still a member node-1 knows of; down names it too, as one that is gone.
      assertTrue(nodeLogTail.contains("node-1 stopped together with every other member of the cluster, without a leave"),
          nodeLogTail);
      assertFalse(Files.exists(Path.of(state)), "the state folder scatter made is gone with its files");
      assertFalse(nodes.get(0).isAlive());
    } finally {
      NodeStopper.down(Path.of(state), LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      nodes.forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void killOfAnUnknownNodeNamesTheNodesThereAre() throws Exception {
    String state = dir.resolve("none").toString();
    CliRunner.Result kill = CliRunner.run("cluster", "kill", "node-9", "--state-dir", state);
    assertEquals(2, kill.exitCode());
    assertTrue(kill.err().contains("no local cluster in"), kill.err());
  }
}

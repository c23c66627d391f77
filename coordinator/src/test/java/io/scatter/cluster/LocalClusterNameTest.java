package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --mode cluster} against the local cluster takes its name from the cluster's record, and says when another is asked for. */
final class LocalClusterNameTest {

  @TempDir
  Path dir;

  @Test
  void runTakesTheLocalClustersNameAndRefusesAnotherNamingBoth() throws Exception {
    Path state = dir.resolve("state");
    List<LocalCluster.Node> nodes = List.of();
    try {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--workers", "1",
          "--state-dir", state.toString(), "--cluster-name", "named-test");
      assertEquals(0, up.exitCode(), up.err());
      nodes = LocalCluster.read(state).orElseThrow().nodes();

      CliRunner.Result other = CliRunner.run("run", "--mode", "cluster", "--task", "primes", "--range", "0..10000",
          "--state-dir", state.toString(), "--cluster-name", "other");
      assertEquals(2, other.exitCode(), other.err());
      assertEquals(List.of("scatter run: the local cluster in " + state + " is named 'named-test', not 'other'; "
          + "leave out --cluster-name to use it, or give --seed to join another"), other.err().lines().toList());

      CliRunner.Result unnamed = CliRunner.run("run", "--mode", "cluster", "--task", "primes", "--range", "0..10000",
          "--state-dir", state.toString());
      assertEquals(0, unnamed.exitCode(), unnamed.err());
      assertTrue(unnamed.out().contains("answer: 1229"), unnamed.out());
    } finally {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      nodes.forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}

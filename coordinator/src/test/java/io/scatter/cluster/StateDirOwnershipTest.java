package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state folder may be one the user chose and keeps other things in: {@code cluster up}
 * refuses one holding files scatter did not write, and {@code down} or a failed {@code up}
 * removes only scatter's own files (the folder only if scatter made it).
 */
final class StateDirOwnershipTest {

  @TempDir
  Path dir;

  @Test
  void upRefusesAStateFolderHoldingAFileScatterDidNotWrite() throws Exception {
    Path state = Files.createDirectory(dir.resolve("mine"));
    Path notes = Files.writeString(state.resolve("notes.txt"), "x\n");

    CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--state-dir", state.toString());

    assertEquals(2, up.exitCode(), up.err());
    assertEquals(List.of("scatter cluster up: state folder " + state + " holds " + notes
        + ", which scatter did not write; give an empty or new folder with --state-dir"), up.err().lines().toList());
    assertEquals("x\n", Files.readString(notes));
    assertEquals(List.of("notes.txt"), entries(state), "no node started, nothing written");
  }

  @Test
  void downRemovesOnlyScattersFilesFromAFolderItDidNotMake() throws Exception {
    Path state = Files.createDirectory(dir.resolve("mine"));
    List<LocalCluster.Node> nodes = List.of();
    try {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--workers", "1",
          "--state-dir", state.toString(), "--cluster-name", "owned-test");
      assertEquals(0, up.exitCode(), up.err());
      nodes = LocalCluster.read(state).orElseThrow().nodes();
      assertTrue(entries(state).containsAll(List.of("cluster.json", "node-1.log", "node-1.status.json")), entries(state).toString());
      Path notes = Files.writeString(state.resolve("notes.txt"), "written while the cluster ran\n");

      CliRunner.Result down = CliRunner.run("cluster", "down", "--state-dir", state.toString());

      assertEquals(0, down.exitCode(), down.err());
      assertEquals(List.of("node-1 (pid " + nodes.get(0).pid() + ") stopped"), down.out().lines().toList());
      assertEquals(List.of("notes.txt"), entries(state), "scatter's files gone, the user's kept");
      assertEquals("written while the cluster ran\n", Files.readString(notes));
    } finally {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      nodes.forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void downOfAClusterInAnEmptyFolderTheUserMadeKeepsTheFolder() throws Exception {
    Path state = Files.createDirectory(dir.resolve("empty"));
    List<LocalCluster.Node> nodes = List.of();
    try {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--workers", "1",
          "--state-dir", state.toString(), "--cluster-name", "owned-test");
      assertEquals(0, up.exitCode(), up.err());
      nodes = LocalCluster.read(state).orElseThrow().nodes();

      CliRunner.Result down = CliRunner.run("cluster", "down", "--state-dir", state.toString());

      assertEquals(0, down.exitCode(), down.err());
      assertTrue(Files.isDirectory(state), "the user's folder stays");
      assertEquals(List.of(), entries(state));
    } finally {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      nodes.forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void failedUpLeavesAFolderItDidNotMake() throws Exception {
    Path state = Files.createDirectory(dir.resolve("empty"));

    CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--state-dir", state.toString(),
        "--jvm-option", "-Xbogus");

    assertEquals(1, up.exitCode(), up.err());
    assertTrue(up.err().startsWith("scatter cluster up: node-1 exited with code 1 before joining"), up.err());
    assertTrue(Files.isDirectory(state), "the user's folder stays");
    assertEquals(List.of(), entries(state), "and only what this up wrote is gone");
  }

  @Test
  void failedUpRemovesTheFolderItMade() throws Exception {
    Path state = dir.resolve("new");

    CliRunner.Result up = CliRunner.run("cluster", "up", "--no-coordinator", "--nodes", "1", "--state-dir", state.toString(),
        "--jvm-option", "-Xbogus");

    assertEquals(1, up.exitCode(), up.err());
    assertFalse(Files.exists(state), "scatter made it, so scatter removes it");
  }

  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
    }
  }
}

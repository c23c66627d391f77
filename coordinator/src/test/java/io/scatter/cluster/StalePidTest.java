package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster.json left behind by nodes long gone, whose pids the system has given to other
 * processes: no command signals those processes. The stranger here is a real {@code sleep}.
 */
final class StalePidTest {

  @TempDir
  Path dir;

  private Process stranger;
  private Path state;

  @BeforeEach
  void startAStranger() throws IOException {
    stranger = new ProcessBuilder("sleep", "60").start();
    state = Files.createDirectory(dir.resolve("state"));
  }

  @AfterEach
  void stopTheStranger() throws InterruptedException {
    stranger.destroyForcibly();
    stranger.waitFor(5, TimeUnit.SECONDS);
  }

  /** node-1 recorded with a start time the stranger does not have; node-2 as scatter wrote it before start times. */
  private void writeStaleRecord() throws IOException {
    long pid = stranger.pid();
    Files.writeString(state.resolve("cluster.json"), """
        {"clusterName": "stale", "createdStateDir": true, "nodes": [
          {"name": "node-1", "pid": %d, "startedMillis": 1, "host": "127.0.0.1", "port": 1, "workers": 1, "log": "x"},
          {"name": "node-2", "pid": %d, "host": "127.0.0.1", "port": 2, "workers": 1, "log": "y"}
        ]}""".formatted(pid, pid));
  }

  @Test
  void downReportsNodesWhosePidIsAnotherProcessAsGoneAndLeavesThatProcessAlone() throws Exception {
    writeStaleRecord();
    long pid = stranger.pid();

    CliRunner.Result down = CliRunner.run("cluster", "down", "--state-dir", state.toString());

    assertEquals(0, down.exitCode(), down.err());
    assertEquals(List.of(
        "node-1 (pid " + pid + ") is gone: pid " + pid + " now belongs to another process; not signalled",
        "node-2 (pid " + pid + ") is gone: cluster.json predates recorded start times, so pid " + pid
            + " cannot be told to be this node; not signalled"), down.out().lines().toList());
    assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "the stranger got no SIGTERM");
    assertFalse(Files.exists(state), "the stale record went, and the folder scatter made");
  }

  @Test
  void killRefusesANodeWhosePidIsAnotherProcess() throws Exception {
    writeStaleRecord();
    long pid = stranger.pid();

    for (String node : List.of("node-1", "node-2")) {
      CliRunner.Result kill = CliRunner.run("cluster", "kill", node, "--state-dir", state.toString());

      assertEquals(2, kill.exitCode(), kill.out());
      List<String> lines = kill.err().lines().toList();
      assertEquals(1, lines.size(), kill.err());
      assertTrue(lines.get(0).startsWith("scatter cluster kill: " + node + " (pid " + pid + ") is gone: ")
          && lines.get(0).endsWith("; not signalled"), kill.err());
    }
    assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "the stranger got no SIGKILL");
  }

  @Test
  void statusShowsNodesWhosePidIsAnotherProcessAsDead() throws Exception {
    writeStaleRecord();

    CliRunner.Result status = CliRunner.run("cluster", "status", "--state-dir", state.toString());

    assertEquals(0, status.exitCode(), status.err());
    assertEquals(2, status.out().lines().filter(line -> line.startsWith("node-") && line.contains(" dead ")).count(),
        status.out());
    assertTrue(stranger.isAlive());
  }
}

package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster member on plain TCP listening anywhere but loopback is refused in one line (exit 2)
 * unless {@code --insecure-plain-tcp} says it is meant, as the API refuses such an address without a
 * token file. The addresses other than loopback here (10.0.0.5, 0.0.0.0) are refused before anything
 * listens or connects: nothing is sent there.
 */
final class PlainTcpRefusalTest {

  private static final String REFUSED = "refusing plain TCP on %s, which is not a loopback address: anyone who "
      + "reaches it could join the cluster, read its traffic and send it any bytes; use mutual TLS (--tls DIR, "
      + "'scatter certs' makes it), or pass --insecure-plain-tcp on a network only trusted hosts reach";

  @TempDir
  Path dir;

  private static void assertRefused(String command, String address, Cli cli) {
    assertEquals(ExitCodes.BAD_INPUT, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter " + command + ": " + REFUSED.formatted(address)), cli.errLines());
  }

  @Test
  void aNodeOnAnAddressOtherThanLoopback_isRefused() {
    assertRefused("node", "10.0.0.5", Cli.run("node", "--host", "10.0.0.5", "--port", "2999"));
  }

  @Test
  void aNodeBoundToEveryAddress_isRefused() {
    assertRefused("node", "0.0.0.0", Cli.run("node", "--port", "2999", "--bind-host", "0.0.0.0"));
  }

  @Test
  void aCoordinatorOnAnAddressOtherThanLoopback_isRefused() {
    assertRefused("coordinator", "10.0.0.5", Cli.run("coordinator", "--host", "10.0.0.5", "--seed", "127.0.0.1:2999",
        "--http", "127.0.0.1:0", "--state-dir", dir.toString()));
  }

  @Test
  void aClusterRunOnAnAddressOtherThanLoopback_isRefused() {
    assertRefused("run", "10.0.0.5", Cli.run("run", "--mode", "cluster", "--task", "primes", "--range", "0..10",
        "--host", "10.0.0.5", "--seed", "127.0.0.1:2999", "--state-dir", dir.toString()));
  }

  @Test
  void clusterUpWithNodesBoundElsewhereByAConfigFile_isRefusedBeforeAnyNodeStarts() throws IOException {
    Path config = Files.writeString(dir.resolve("bind-all.conf"), "pekko.remote.artery.bind.hostname = \"0.0.0.0\"\n");

    assertRefused("cluster up", "0.0.0.0", Cli.run("cluster", "up", "--nodes", "1", "--no-coordinator",
        "--state-dir", dir.resolve("state").toString(), "--config", config.toString()));
    assertEquals(false, Files.exists(dir.resolve("state").resolve("cluster.json")));
  }

  @Test
  void withTheFlag_aNodeGetsPastTheCheck_toTheNextProblem() throws IOException {
    // What follows the check still refuses this node before it listens: a setting out of range.
    Path config = Files.writeString(dir.resolve("bad.conf"), "scatter.node.rejoin-attempts = 0\n");

    Cli cli = Cli.run("node", "--host", "10.0.0.5", "--port", "2999", "--insecure-plain-tcp", "--config",
        config.toString());

    assertEquals(ExitCodes.BAD_INPUT, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter node: scatter.node.rejoin-attempts in " + config + ":1 must be at least 1, got 0"),
        cli.errLines());
  }
}

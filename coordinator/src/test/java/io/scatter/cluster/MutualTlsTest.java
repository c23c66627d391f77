package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import io.scatter.cli.CliRunner;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterTls;
import io.scatter.node.NodeStatusFile;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.FreePort;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import io.scatter.testing.TlsProbe;
import io.scatter.time.Ticker;
import io.scatter.tls.ClusterCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster started with {@code cluster up --tls}: its members talk mutual TLS with certificates
 * from its own CA, made in its state folder, and strangers are kept out at the handshake: a node
 * signed by another CA, and a node on plain TCP. One cluster of two node JVMs serves the class;
 * this JVM joins it as a coordinator with the coordinators' key store, and runs jobs while each
 * stranger tries to join.
 */
final class MutualTlsTest {

  private static final String CLUSTER_NAME = "scatter-tls-" + ProcessHandle.current().pid();
  private static final Duration LIMIT = Duration.ofSeconds(90);
  /** A stranger gives up joining after this; the cluster's jobs run meanwhile. */
  private static final String STRANGER_JOIN_TIMEOUT = "-Dscatter.cluster.join-timeout=3s";
  /**
   * Between the jobs run while a stranger knocks: what is tested is that jobs keep working, not how
   * many fit; back to back, they kept both cores busy for the stranger's 10-20 s.
   */
  private static final Duration BETWEEN_JOBS = Duration.ofMillis(500);
  private static Path dir;
  private static Path state;
  private static LocalCluster cluster;
  private static ClusterRunner runner;

  @BeforeAll
  static void startTlsCluster() {
    try {
      dir = Files.createTempDirectory("scatter-tls-test");
      state = dir.resolve("state");
      CliRunner.Result up = CliRunner.run("cluster", "up", "--tls", "--no-coordinator", "--nodes", "2", "--workers", "1",
          "--state-dir", state.toString(), "--cluster-name", CLUSTER_NAME);
      assertEquals(0, up.exitCode(), up.err());
      assertTrue(up.out().contains("wire: mutual TLS, CA and key stores in " + state), up.out());
      cluster = LocalCluster.read(state).orElseThrow();
      runner = new ClusterRunner(ClusterTls.configure(TestConfig.loadForCluster()
          .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME)), state, ClusterTls.COORDINATOR),
          cluster.seeds(), "127.0.0.1");
      runner.open();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void stopTlsCluster() throws IOException {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      if (state != null) {
        NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
        assertFalse(Files.exists(state), "down removes the keys and certificates with the rest of the state it made");
      }
      if (cluster != null) {
        cluster.nodes().forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
      }
      TestDirs.deleteTree(dir);
    }
  }

  @Test
  void clusterUpTls_makesOwnerOnlyCertificates_andRunFindsThemWithNoFlag_forTheSequentialAnswer() throws Exception {
    List<String> tlsFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(state)) {
      for (Path file : files.filter(f -> f.toString().endsWith(ClusterTls.STORE_SUFFIX)
          || f.toString().endsWith(ClusterTls.PASSWORD_SUFFIX)).toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        tlsFiles.add(file.getFileName().toString());
      }
    }
    for (String store : List.of("ca", "truststore", "coordinator", "node-1", "node-2")) {
      assertTrue(tlsFiles.contains(store + ".p12") && tlsFiles.contains(store + ".password"), tlsFiles.toString());
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      assertTrue(Files.readString(Path.of(node.log())).contains("wire: mutual TLS, presenting "
          + state.toAbsolutePath().resolve(node.name() + ".p12")), node.log());
    }

    CliRunner.Result run = CliRunner.run("run", "--mode", "cluster", "--state-dir", state.toString(),
        "--task", "primes", "--range", "0..400_000", "--partitions", "24");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("answer: " + LocalRunner.sequential().run(primes(), ProgressListener.NONE).value()),
        run.out());
  }

  @Test
  void nodeSignedByAnotherCa_cannotJoin_itsConnectionsAreRefused_andJobsAndMembersAreUnaffected() throws Exception {
    Path other = dir.resolve("other-ca");
    new ClusterCertificates().make(other, List.of("stranger"));
    ClusterAddress seed = cluster.nodes().get(0).address();

    assertTrue(TlsProbe.acceptsTlsClient(seed, state, ClusterTls.COORDINATOR), "the probe works with a member's key");
    assertFalse(TlsProbe.acceptsTlsClient(seed, other, "stranger"), "a certificate of another CA is refused");

    strangerCannotJoinWhileJobsRun("stranger", "--tls", other.toString());
  }

  @Test
  void plainTcpNode_cannotJoinTheTlsCluster_andJobsAndMembersAreUnaffected() throws Exception {
    assertFalse(TlsProbe.acceptsPlainClient(cluster.nodes().get(0).address()), "plain TCP is closed at once");

    strangerCannotJoinWhileJobsRun("plain");
  }

  /** Starts a node that tries to join through node-1, runs jobs until it gives up, and checks nothing changed. */
  private static void strangerCannotJoinWhileJobsRun(String name, String... tlsArgs) throws Exception {
    Object expected = LocalRunner.sequential().run(primes(), ProgressListener.NONE).value();
    int port = FreePort.onLoopback();
    List<String> args = new ArrayList<>(List.of("node", "--name", name, "--port", Integer.toString(port),
        "--seed", cluster.nodes().get(0).address().toString(), "--cluster-name", CLUSTER_NAME, "--workers", "1"));
    args.addAll(List.of(tlsArgs));
    int jobs = 0;
    try (ChildJvm stranger = ChildJvm.start(dir, List.of("-Xmx256m", STRANGER_JOIN_TIMEOUT), args.toArray(String[]::new))) {
      do {
        assertEquals(expected, runner.run(primes(), ProgressListener.NONE).value(), "job " + (jobs + 1));
        jobs++;
      } while (!stranger.process().waitFor(BETWEEN_JOBS.toMillis(), TimeUnit.MILLISECONDS));
      int exit = stranger.waitFor(LIMIT);
      assertEquals(1, exit, stranger.output());
      assertTrue(stranger.output().contains(name + " could not join cluster '" + CLUSTER_NAME + "'"), stranger.output());
    }
    assertTrue(jobs >= 1);

    assertTrue(cluster.nodes().stream().allMatch(LocalCluster.Node::isAlive), "both nodes still run");
    NodeStatusFile.Snapshot view = NodeStatusFile.read(NodeStatusFile.path(state, "node-1"));
    assertTrue(view.members().stream().noneMatch(member -> member.address().endsWith(":" + port)), view.toString());
    assertEquals(2, view.members().stream().filter(member -> member.roles().contains("worker")).count(), view.toString());
    assertTrue(view.members().stream().allMatch(member -> member.reachable() && member.status().equals("Up")),
        view.toString());
    assertEquals(2, runner.run(primes(), ProgressListener.NONE).workers(), "both nodes' workers still serve jobs");
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 400_000)),
        new Split.IntoCount(24), 3, Duration.ofSeconds(60)), TaskRegistry.load());
  }
}

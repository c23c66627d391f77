package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobOutcome;
import io.scatter.node.ClusterAddress;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.FreePort;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every node of a job killed at once (issue 20, item 3): the coordinator downs the dead itself (their
 * lifelines closed, the failure detector lost them) before the Split Brain Resolver would down it as
 * the minority, so it stays a member, its job waits {@code worker-wait} for nodes, and a node that
 * joins through it finishes the job with the exact answer. With that reaping off, the coordinator is
 * downed, says so in {@code trouble()} (what {@code GET /health} reports), and rejoins as a new
 * incarnation once a node is back at the address it knew.
 */
@Timeout(180)
final class EveryNodeGoneTest {

  private static final Duration JOIN = Duration.ofSeconds(30);
  /** Past the failure detector (the test coordinator's 6 s pause) and the resolver's stable-after (3 s), with room. */
  private static final Duration PAST_DOWNING = Duration.ofSeconds(14);
  /** Primes below 30,000,000. */
  private static final long PRIMES = 1_857_859L;

  @TempDir
  Path dir;

  private final String cluster = "scatter-gone-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 10_000;

  private ClusterRunner coordinator(List<ClusterAddress> seeds, boolean reapDead) throws IOException {
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(cluster))
        .withValue("scatter.cluster.coordinator-cluster-port", ConfigValueFactory.fromAnyRef(FreePort.onLoopback()))
        .withValue("scatter.coordinator.worker-wait", ConfigValueFactory.fromAnyRef("90s"))
        .withValue("scatter.node.rejoin-backoff", ConfigValueFactory.fromAnyRef("500ms"))
        .withValue("scatter.node.rejoin-max-backoff", ConfigValueFactory.fromAnyRef("2s"))
        .withValue("scatter.lifeline.down-dead-nodes", ConfigValueFactory.fromAnyRef(reapDead));
    return new ClusterRunner(config, seeds, "127.0.0.1");
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 30_000_000)),
        new Split.IntoCount(12), 3, Duration.ofMinutes(5), false), TaskRegistry.load());
  }

  private NodeJvm node(String name, String... args) throws Exception {
    return NodeJvm.start(dir, cluster, name, List.of(), JOIN, args);
  }

  /** Two nodes and a coordinator in this JVM joined through the first. */
  private record Cluster(NodeJvm first, NodeJvm second, ClusterRunner runner) {
    /** SIGKILL, both at once. */
    void killNodes() {
      first.close();
      second.close();
    }
  }

  private Cluster twoNodes(boolean reapDead) throws Exception {
    NodeJvm first = node("node-1");
    NodeJvm second = node("node-2", "--seed", first.hostPort());
    ClusterRunner runner = coordinator(List.of(first.address()), reapDead);
    runner.open();
    return new Cluster(first, second, runner);
  }

  @Test
  void everyNodeKilled_theCoordinatorStaysAMember_andItsJobFinishesOnANodeThatJoinsThroughIt() throws Exception {
    Cluster cluster = twoNodes(true);
    ClusterRunner runner = cluster.runner();
    NodeJvm rescue = null;
    try {
      CompletableFuture<JobOutcome> job = runner.start(primes(), (done, total) -> { });
      Thread.sleep(500);
      cluster.killNodes();
      Thread.sleep(PAST_DOWNING.toMillis());

      assertEquals(Optional.empty(), runner.trouble(), "the coordinator was not downed");
      assertFalse(job.isDone(), "the job waits for nodes: " + (job.isDone() ? job.join() : ""));
      int port = runner.clusterPort();
      rescue = node("node-3", "--seed", "127.0.0.1:" + port);
      JobOutcome outcome = job.get(120, TimeUnit.SECONDS);
      assertEquals(PRIMES, ((JobOutcome.Succeeded) outcome).value(), outcome.toString());
    } finally {
      NodeJvm.stop(runner, rescue);
      cluster.killNodes();
    }
  }

  @Test
  void aCoordinatorTheClusterDowns_saysSo_andRejoinsWhenANodeIsBackAtItsAddress() throws Exception {
    Cluster cluster = twoNodes(false);
    ClusterRunner runner = cluster.runner();
    NodeJvm back = null;
    try {
      cluster.killNodes();
      Eventually.await(Duration.ofSeconds(60), () -> "the resolver to down the lone coordinator",
          () -> runner.trouble().isPresent());
      assertTrue(runner.trouble().get().startsWith("the cluster removed this coordinator"), runner.trouble().get());

      back = NodeJvm.startAt(dir, this.cluster, "node-1", cluster.first().address().port(), List.of(), JOIN);
      // Its rejoin attempts back off (scatter.node.rejoin-max-backoff): room for a few of them.
      Eventually.await(Duration.ofSeconds(120), () -> "the coordinator to rejoin: " + runner.trouble(),
          () -> runner.trouble().isEmpty());
      JobOutcome outcome = runner.start(primes(), (done, total) -> { }).get(120, TimeUnit.SECONDS);
      assertEquals(PRIMES, ((JobOutcome.Succeeded) outcome).value(), outcome.toString());
    } finally {
      NodeJvm.stop(runner, back);
      cluster.killNodes();
    }
  }
}

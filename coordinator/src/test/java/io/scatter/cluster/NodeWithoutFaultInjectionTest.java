package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.CliRunner;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node started as {@code scatter node} is by hand, without {@code --allow-fault-injection}: any
 * member of its cluster can send it node-control messages, and it must refuse every one, say so in
 * its log and to the sender, and go on running jobs. This JVM's coordinator is that other member.
 */
final class NodeWithoutFaultInjectionTest {

  private static final String CLUSTER_NAME = "scatter-strict-" + ProcessHandle.current().pid();
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static Path dir;
  private static NodeJvm node;
  private static ClusterRunner runner;

  @BeforeAll
  static void startNode() throws Exception {
    dir = Files.createTempDirectory("scatter-strict-test");
    node = NodeJvm.start(dir, CLUSTER_NAME, "strict", List.of("-Xmx256m"), LIMIT);
    runner = node.coordinator();
    runner.open();
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      NodeJvm.stop(runner, node);
    } finally {
      TestDirs.deleteTree(dir);
    }
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 400_000)),
        new Split.IntoCount(24), 3, Duration.ofSeconds(60)), TaskRegistry.load());
  }

  private static FaultAnswer send(Function<ActorRef<FaultAnswer>, NodeControlCommand> command) throws Exception {
    return runner.control(node.hostPort(), command).toCompletableFuture().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void refusesHaltFreezeAndCutoffFromAnotherMember_saysSo_andKeepsRunningJobs() throws Exception {
    assertTrue(node.log().contains("fault injection off: strict refuses halt, freeze and cutoff messages"), node.log());

    List<FaultAnswer> answers = List.of(
        send(replyTo -> new NodeControlCommand.Halt("a stranger's kill", replyTo)),
        send(replyTo -> new NodeControlCommand.Freeze(30_000, replyTo)),
        send(replyTo -> new NodeControlCommand.Cutoff(30_000, replyTo)));

    for (FaultAnswer answer : answers) {
      FaultAnswer.Refused refused = assertInstanceOf(FaultAnswer.Refused.class, answer);
      assertEquals("strict", refused.node());
      assertTrue(refused.reason().contains("fault injection is off on strict"), refused.reason());
    }
    for (String fault : List.of("halt", "freeze for 30000 ms", "cutoff for 30000 ms")) {
      node.awaitLog("refused " + fault + " from pekko://" + CLUSTER_NAME + "@127.0.0.1:", LIMIT);
    }
    assertTrue(node.isAlive(), "not halted");
    assertEquals("S", processState(node.pid()), "not frozen (SIGSTOP would show T)");
    RunResult result = runner.run(primes(), ProgressListener.NONE);
    assertEquals(LocalRunner.sequential().run(primes(), ProgressListener.NONE).value(), result.value());
    assertEquals(2, result.workers(), "the node's two workers took part");
  }

  /** The user's view: {@code run --chaos} against such a node says each fault was refused, not when it was detected. */
  @Test
  void chaosRunReportsEveryFaultAsRefused_andGivesTheExactAnswer() {
    CliRunner.Result run = CliRunner.run("run", "--mode", "cluster", "--seed", node.hostPort(),
        "--cluster-name", CLUSTER_NAME, "--task", "primes", "--range", "0..400_000", "--partitions", "40",
        "--chaos", "kill:strict@10%", "--chaos", "freeze:strict@20%:5s", "--chaos", "cutoff:strict@30%:5s",
        "--no-baseline");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("answer: 33860"), run.out());
    for (String fault : List.of("kill:strict@10%", "freeze:strict@20%:5000ms", "cutoff:strict@30%:5000ms")) {
      assertTrue(run.out().lines().anyMatch(line -> line.contains(fault + " on strict at ")
          && line.contains("refused by the node, nothing happened: fault injection is off on strict")), run.out());
    }
    assertTrue(run.out().contains("3 of 3 faults refused by their node"), run.out());
    assertFalse(run.out().contains("detected after"), run.out());
    assertTrue(node.isAlive());
  }

  /** The state letter in /proc/PID/stat: S sleeping, R running, T stopped. */
  private static String processState(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state.equals("R") ? "S" : state;
  }
}

package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.chaos.ChaosMonkey;
import io.scatter.chaos.ClusterNodeFaults;
import io.scatter.chaos.FaultSpec;
import io.scatter.chaos.FaultTimeline;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real faults on a real cluster: three node JVMs on loopback, one worker each, SIGKILLed and
 * SIGSTOPped mid-job. Every job must still give the answer computed without a cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class FaultToleranceTest {

  private static final String CLUSTER_NAME = "scatter-faults-" + ProcessHandle.current().pid();
  private static final int NODES = 3;
  private static final Duration JOIN = Duration.ofSeconds(30);
  /** Picks the kill points and nodes; printed, and replayed with {@code -Dscatter.test.seed=N}. */
  private static final Random RANDOM = TestSeed.random(FaultToleranceTest.class);
  /** Killed at 20-70 % of its progress; its answer is computed once, without a cluster. */
  private static final Job KILL_JOB = primes(30_000_000, 150, Duration.ofMinutes(1));
  private static Object killJobAnswer;
  private static Path stateDir;
  private static NodeLauncher launcher;
  private static ClusterRunner runner;

  @BeforeAll
  static void startCluster() throws Exception {
    stateDir = Files.createTempDirectory("scatter-faults-test");
    launcher = new NodeLauncher(stateDir, CLUSTER_NAME, Optional.empty(), List.of("-Xmx256m"));
    launcher.up(NODES, 1, JOIN);
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME));
    runner = new ClusterRunner(config, LocalCluster.read(stateDir).orElseThrow().seeds(), "127.0.0.1");
    killJobAnswer = LocalRunner.threads(2).run(KILL_JOB.rerun(), ProgressListener.NONE).value();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    try {
      runner.close();
    } finally {
      List<LocalCluster.Node> nodes = LocalCluster.read(stateDir).map(LocalCluster::nodes).orElse(List.of());
      NodeStopper.down(stateDir, LocalClusterTimes.from(TestConfig.load()));
      nodes.forEach(node -> assertFalse(node.isAlive(), node.name() + " must be gone"));
      // down removed its own files; the folder is the test's (it made it), and must now be empty.
      Files.delete(stateDir);
    }
  }

  /** Every test starts with all nodes alive and their workers visible to the coordinator. */
  @BeforeEach
  void reviveNodes() throws InterruptedException {
    LocalCluster cluster = LocalCluster.read(stateDir).orElseThrow();
    if (cluster.nodes().stream().anyMatch(node -> !node.isAlive())) {
      launcher.revive(cluster, JOIN);
    }
    long deadline = System.nanoTime() + JOIN.toNanos();
    while (runner.workerNodes().size() < NODES && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(runner.workerNodes().size() >= NODES, "all nodes up: " + runner.workerNodes());
    // A node started moments ago is still loading classes when its first job arrives; a kill
    // early in that job can find it holding nothing, and the job then ends before the kill is seen.
    runner.run(primes(2_000_000, 60, Duration.ofMinutes(1)), ProgressListener.NONE);
  }

  private static Job primes(long to, long partitions, Duration lease) {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, to)),
        new Split.IntoCount(partitions), 3, lease, false), TaskRegistry.load());
  }

  private record Faulted(RunResult result, FaultTimeline timeline) { }

  private static Faulted runWith(Job job, FaultSpec fault) {
    try (ClusterNodeFaults faults = new ClusterNodeFaults(runner::workerNodes, LocalCluster.read(stateDir),
        runner::control)) {
      ChaosMonkey monkey = new ChaosMonkey(List.of(fault), faults, ProgressListener.NONE, RANDOM);
      RunResult result = runner.run(job, monkey);
      monkey.close();
      return new Faulted(result, FaultTimeline.of(monkey.injected(), result.stats().events(), result.startNanos(),
          result.stats().duplicates(), result.wallSeconds(), null));
    }
  }

  @Order(1)
  @RepeatedTest(3)
  void killedNodeMidJobStillGivesTheExactAnswer() {
    FaultSpec kill = FaultSpec.parse("kill:RANDOM@" + (20 + RANDOM.nextInt(50)) + "%");

    Faulted run = runWith(KILL_JOB.rerun(), kill);

    assertEquals(killJobAnswer, run.result().value());
    FaultTimeline.Row row = run.timeline().faults().get(0);
    String seen = row + " after " + run.result().wallSeconds() + " s; events " + run.result().stats().events();
    assertNull(row.error(), row.error());
    assertNotNull(row.detectedAfter(), "the kill was detected: " + seen);
    assertNotNull(row.recoveredAfter(), "the node's partitions were re-dispatched: " + seen);
    assertFalse(row.redispatched().isEmpty());
    assertTrue(run.result().stats().retries() >= row.redispatched().size());
  }

  @Order(2)
  @Test
  void frozenNodesLeaseExpiresAndItsLateResultsAreDroppedAsDuplicates() {
    // The lease (1 s) runs out long before the node resumes (2.5 s): its partitions run elsewhere,
    // and what it finishes after SIGCONT arrives late and is dropped. The job (about 5 s of
    // wall-clock spinning on three workers) outlasts the freeze, so the late results arrive.
    Job job = Job.prepare(new JobSpec(new TaskRef("spin", Map.of("ns", "1000000")),
        Optional.of(new LongRange(0, 15_000)), new Split.IntoCount(300), 3, Duration.ofSeconds(1), false),
        TaskRegistry.load());
    Faulted run = runWith(job, FaultSpec.parse("freeze:node-2@20%:2.5s"));

    assertEquals(15_000L, run.result().value());
    assertTrue(run.result().stats().retries() >= 1, "the frozen node's partitions were dispatched again");
    assertTrue(run.result().stats().duplicates() >= 1, "late results were counted as duplicates: " + run.timeline());
  }

  /**
   * A cutoff is always a message, which `cluster up`'s nodes obey (they run with
   * --allow-fault-injection, hence Artery's test-mode): the coordinator loses the node's worker and
   * runs its partitions elsewhere. Cut off for 3 s, the node is back before the Split Brain Resolver
   * would down it.
   */
  @Order(2)
  @Test
  void cutoffNodeIsObeyedByALocalClusterNode_detected_andTheAnswerIsExact() {
    Job job = Job.prepare(new JobSpec(new TaskRef("spin", Map.of("ns", "1000000")),
        Optional.of(new LongRange(0, 15_000)), new Split.IntoCount(300), 3, Duration.ofMinutes(1), false),
        TaskRegistry.load());
    Faulted run = runWith(job, FaultSpec.parse("cutoff:node-3@20%:3s"));

    assertEquals(15_000L, run.result().value());
    FaultTimeline.Row row = run.timeline().faults().get(0);
    assertNull(row.refused(), row.refused());
    assertNull(row.error(), row.error());
    assertNotNull(row.detectedAfter(), "the cut-off node's worker was lost: " + row + "; events "
        + run.result().stats().events());
  }

  @Order(3)
  @Test
  void nodeThatJoinsMidJobReceivesWork() throws Exception {
    LocalCluster cluster = LocalCluster.read(stateDir).orElseThrow();
    // Every partition waits at a gate the test opens only once the new node's worker has started
    // one: the job cannot end before the node has joined, however slowly its JVM starts.
    Path gate = Files.createTempDirectory("scatter-gate");
    try {
      Job job = Job.prepare(new JobSpec(new TaskRef("test-gate", Map.of("dir", gate.toString())),
          Optional.of(new LongRange(0, 6_000)), new Split.IntoCount(60), 3, Duration.ofMinutes(1), false),
          TaskRegistry.load());
      CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> runner.run(job, ProgressListener.NONE));
      LocalCluster grown = launcher.add(cluster, 1, 1, JOIN);
      long joinedPid = grown.nodes().get(grown.nodes().size() - 1).pid();
      Path startedThere = gate.resolve("started-" + joinedPid);
      long deadline = System.nanoTime() + JOIN.toNanos();
      while (!Files.exists(startedThere)) {
        assertFalse(running.isDone(), "the job ended before the new node took part");
        assertTrue(System.nanoTime() - deadline < 0, "the new node (pid " + joinedPid + ") never started a partition");
        Thread.sleep(20);
      }
      Files.writeString(gate.resolve("open"), "");
      RunResult result = running.get(JOIN.toSeconds(), TimeUnit.SECONDS);
      assertEquals(6_000L, result.value());
      assertEquals(NODES + 1, result.stats().peakWorkers(), "the new node's worker joined the running job: "
          + result.stats().events());
    } finally {
      Files.writeString(gate.resolve("open"), "");
      try (var files = Files.walk(gate)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * Three jobs through one coordinator at once (started as the job service starts them), and one
   * node SIGKILLed once each of them is under way (a twentieth done): the three share the two workers
   * left, each gets its lost partitions back, and each gives its sequential answer.
   */
  @Order(4)
  @Test
  void nodeKilledWhileThreeJobsRun_allThreeGiveTheSequentialAnswer() throws Exception {
    List<Job> jobs = List.of(
        primes(8_000_000, 80, Duration.ofMinutes(1)),
        job("collatz", Map.of(), new LongRange(1, 1_000_000), 50),
        job("spin", Map.of("ns", "1000000"), new LongRange(0, 1_500), 75));
    List<Object> expected = jobs.stream()
        .map(job -> LocalRunner.threads(2).run(job.rerun(), ProgressListener.NONE).value()).toList();
    List<AtomicLong> progress = jobs.stream().map(job -> new AtomicLong()).toList();
    List<CompletableFuture<JobOutcome>> running = new java.util.ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      AtomicLong done = progress.get(i);
      running.add(runner.start(jobs.get(i), (partitionsDone, total) -> done.set(partitionsDone)));
    }
    while (!allUnderWay(jobs, progress)) {
      assertTrue(running.stream().noneMatch(CompletableFuture::isDone), "a job ended before the kill: " + progress);
      Thread.sleep(10);
    }
    LocalCluster.Node victim = LocalCluster.read(stateDir).orElseThrow().nodes().get(RANDOM.nextInt(NODES));
    victim.process().orElseThrow().destroyForcibly();
    System.out.println("SIGKILLed " + victim.name() + " (pid " + victim.pid() + ") with the jobs at " + progress);

    long retries = 0;
    for (int i = 0; i < jobs.size(); i++) {
      JobOutcome outcome = running.get(i).get(JOIN.toSeconds() * 2, TimeUnit.SECONDS);
      Job job = jobs.get(i);
      JobOutcome.Succeeded succeeded = assertInstanceOf(JobOutcome.Succeeded.class, outcome, job.task().name());
      assertEquals(expected.get(i), succeeded.value(), job.task().name());
      retries += succeeded.stats().retries();
    }
    assertTrue(retries >= 1, "the killed node's partitions were dispatched again");
  }

  private static Job job(String task, Map<String, String> params, LongRange range, long partitions) {
    return Job.prepare(new JobSpec(new TaskRef(task, params), Optional.of(range), new Split.IntoCount(partitions), 3,
        Duration.ofMinutes(1), false), TaskRegistry.load());
  }

  private static boolean allUnderWay(List<Job> jobs, List<AtomicLong> progress) {
    for (int i = 0; i < jobs.size(); i++) {
      if (progress.get(i).get() * 20 < jobs.get(i).partitionCount()) {
        return false;
      }
    }
    return true;
  }

  @Order(5)
  @Test
  void jobWithEveryWorkerGoneWaitsThenFailsClearly() {
    Job job = Job.prepare(new JobSpec(new TaskRef("spin", Map.of("ns", "5000000")), Optional.of(new LongRange(0, 2_000)),
        new Split.IntoCount(200), 3, Duration.ofMinutes(1), false), TaskRegistry.load());
    ProgressListener killEveryone = (done, total) -> {
      if (done == 10) {
        LocalCluster.read(stateDir).orElseThrow().nodes().forEach(node ->
            node.process().ifPresent(ProcessHandle::destroyForcibly));
      }
    };
    JobFailedException failure = assertThrows(JobFailedException.class, () -> runner.run(job, killEveryone));
    assertTrue(failure.getMessage().startsWith("no workers for job " + job.id() + " within 3 s"), failure.getMessage());
  }
}

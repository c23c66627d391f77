package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.cli.RunInterruptTest;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.fetch.MixedUrls;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.NodeReport;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import io.scatter.testing.FreePort;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.NodeStatusFile;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.IoStyle;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.wire.WireMeters;
import io.scatter.protocol.wire.WireTally;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.JobStatus;
import io.scatter.service.JobView;
import io.scatter.service.RunnerJobService;
import io.scatter.testserver.TestServer;
import io.scatter.task.Digests;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two real node JVMs on loopback; the coordinator joins them from this JVM. Everything crosses the wire. */
final class ClusterModeTest {

  private static final LocalClusterTimes TIMES = LocalClusterTimes.from(TestConfig.load());
  private static final String CLUSTER_NAME = "scatter-test-" + ProcessHandle.current().pid();
  private static Path stateDir;
  private static LocalCluster cluster;
  private static ClusterRunner runner;

  @BeforeAll
  static void startCluster() throws Exception {
    stateDir = Files.createTempDirectory("scatter-cluster-test");
    cluster = new NodeLauncher(stateDir, CLUSTER_NAME, Optional.empty(), List.of("-Xmx256m"))
        .up(2, 1, TIMES.startLimit());
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME));
    runner = new ClusterRunner(config, cluster.seeds(), "127.0.0.1");
  }

  @AfterAll
  static void stopCluster() throws IOException {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      NodeStopper.down(stateDir, TIMES, Ticker.system());
      for (LocalCluster.Node node : cluster.nodes()) {
        assertFalse(node.isAlive(), node.name() + " must be gone");
      }
      // down removed its own files; the folder is the test's (it made it), and must now be empty.
      Files.delete(stateDir);
    }
  }

  private static Job job(String task, Map<String, String> params, Optional<LongRange> range, long partitions) {
    return Job.prepare(new JobSpec(new TaskRef(task, params), range, new Split.IntoCount(partitions), 3,
        Duration.ofSeconds(60)), TaskRegistry.load());
  }

  @Test
  void clusterModeGivesTheSequentialAnswer() {
    for (Job job : List.of(
        job("primes", Map.of(), Optional.of(new LongRange(0, 300_000)), 24),
        job("collatz", Map.of(), Optional.of(new LongRange(1, 100_000)), 10),
        job("test-concat", Map.of(), Optional.of(new LongRange(Long.MAX_VALUE - 1_000, Long.MAX_VALUE)), 33))) {
      Object expected = LocalRunner.sequential().run(job.rerun(), ProgressListener.NONE).value();
      RunResult result = runner.run(job.rerun(), ProgressListener.NONE);
      assertEquals(expected, result.value(), job.task().name());
      assertEquals(2, result.workers(), "both nodes' workers took part");
    }
  }

  /**
   * A coordinator that joins a cluster whose worker nodes are all Up is ready as soon as it lists
   * every one's workers: the settle time only bounds the wait for nodes still joining. Here it is far
   * longer than the join's own limit, so a coordinator that waited it out would fail to join at all.
   */
  @Test
  void aJoiningCoordinatorIsReadyOnceEveryWorkerNodeIsListed_notAfterTheSettleTime() {
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME))
        .withValue("scatter.cluster.worker-settle", ConfigValueFactory.fromAnyRef("10m"));
    Job job = job("primes", Map.of(), Optional.of(new LongRange(0, 100_000)), 8);
    try (ClusterRunner joining = new ClusterRunner(config, cluster.seeds(), "127.0.0.1")) {
      RunResult result = joining.run(job.rerun(), ProgressListener.NONE);
      assertEquals(LocalRunner.sequential().run(job.rerun(), ProgressListener.NONE).value(), result.value());
      assertEquals(2, result.workers(), "both nodes' workers took part from the start");
    }
  }

  /**
   * Runs a long job on {@code longRunner} and, once its first partition is in, a short one on
   * {@code shortRunner}: both must give the sequential answer, and the short one must finish while
   * the long one is still running (it was served beside it, not queued behind it).
   */
  private static void longAndShortAtOnce(ClusterRunner longRunner, ClusterRunner shortRunner) throws Exception {
    // 300 x 20 ms of sleep over two workers: at least 3 s, against a short job of a few dozen ms of work.
    Job longJob = job("test-sleep", Map.of("ms", "20"), Optional.of(new LongRange(0, 300)), 300);
    Job shortJob = job("primes", Map.of(), Optional.of(new LongRange(0, 200_000)), 16);
    Object expectedShort = LocalRunner.sequential().run(shortJob.rerun(), ProgressListener.NONE).value();
    AtomicLong longProgress = new AtomicLong();
    CountDownLatch longStarted = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<RunResult> longRun = thread.submit(() -> longRunner.run(longJob, (done, total) -> {
        longProgress.set(done);
        longStarted.countDown();
      }));
      assertTrue(longStarted.await(30, TimeUnit.SECONDS), "the long job got going");

      RunResult shortResult = shortRunner.run(shortJob, ProgressListener.NONE);
      long longDoneWhenShortEnded = longProgress.get();

      assertEquals(expectedShort, shortResult.value());
      assertEquals(2, shortResult.workers(), "both nodes' workers served the short job too");
      assertTrue(longDoneWhenShortEnded < longJob.partitionCount(),
          "the short job finished while the long one ran: " + longDoneWhenShortEnded + " of 300 were in");
      assertEquals(300L, longRun.get(60, TimeUnit.SECONDS).value(), "the long job finished too, exactly");
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang guard: the first of two jobs used to wait forever
  void twoJobsThroughOneCoordinatorAtOnce_bothGiveTheSequentialAnswer() throws Exception {
    longAndShortAtOnce(runner, runner);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang guard: the first of two jobs used to wait forever
  void twoCoordinatorsOnOneClusterAtOnce_bothGiveTheSequentialAnswer() throws Exception {
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME));
    try (ClusterRunner second = new ClusterRunner(config, cluster.seeds(), "127.0.0.1")) {
      longAndShortAtOnce(runner, second);
    }
  }

  /**
   * How long a fresh {@code run} JVM may take to join and listen: 5-10 s alone, but two of them starting
   * beside other test JVMs on two cores took 25 s in one clean CI run, over 30 s in the next, and in a
   * third one of them gave up at its own join-timeout (20 s), which {@link #runCommand} raises to this.
   */
  private static final Duration RUN_JVM_JOIN = Duration.ofSeconds(60);

  /** Until node-1 lists a member at 127.0.0.1:{@code port}; fails if {@code run} exits first. */
  private static void awaitMemberAt(int port, ChildJvm run, String what) throws InterruptedException {
    Path view = NodeStatusFile.path(stateDir, cluster.nodes().get(0).name());
    Eventually.await(RUN_JVM_JOIN, () -> what + ": " + run.output(), () -> {
      assertTrue(run.process().isAlive(), "exited before " + what + ": " + run.output());
      try {
        return NodeStatusFile.read(view).members().stream().anyMatch(m -> m.address().endsWith("@127.0.0.1:" + port));
      } catch (IOException unreadableYet) {
        return false; // written as the node sees changes; read again
      }
    });
  }

  /** Until something accepts connections at {@code port}; fails if {@code run} exits first. */
  private static void awaitListening(int port, ChildJvm run, String what) throws InterruptedException {
    Eventually.await(RUN_JVM_JOIN, () -> what + ": " + run.output(), () -> {
      assertTrue(run.process().isAlive(), "exited before " + what + ": " + run.output());
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  /** {@code scatter run --mode cluster} in a JVM of its own, against this class's cluster (found from its state folder). */
  private static ChildJvm runCommand(Path dir, String... jobFlags) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--mode", "cluster", "--state-dir",
        stateDir.toString()));
    args.addAll(List.of(jobFlags));
    // The same lenient failure detector as the coordinators tests run in-process (application-test.conf):
    // two of these JVMs start beside the nodes and the other test JVMs on two cores, and a start-up
    // stall past scatter's 1.5 s had one report every node unreachable and be downed as the minority
    // (twice in about ten clean runs). Failure detection is not what this class tests.
    return ChildJvm.start(dir, List.of("-Xmx256m", "-Dscatter.cluster.join-timeout=" + RUN_JVM_JOIN.toSeconds() + "s",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause="
            + TestConfig.load().getString("pekko.cluster.failure-detector.acceptable-heartbeat-pause")),
        args.toArray(String[]::new));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS) // a hang guard: the first of two such commands used to wait forever
  void twoRunCommandsAtOnce_eachItsOwnCoordinatorJvm_bothGiveTheSequentialAnswers(@TempDir Path dir) throws Exception {
    String primes = LocalRunner.sequential().run(job("primes", Map.of(), Optional.of(new LongRange(0, 300_000)), 24),
        ProgressListener.NONE).answer();
    int clusterPort = FreePort.onLoopback();
    int lifelinePort = FreePort.onLoopback();
    while (lifelinePort == clusterPort) {
      lifelinePort = FreePort.onLoopback();
    }
    // The sleeping job (1000 x 10 ms over two workers, 5 s) keeps the workers busy while the other is
    // served; its coordinator listens on the ports it is told, as behind a firewall.
    try (ChildJvm slow = runCommand(dir, "--task", "test-sleep", "--param", "ms=10", "--range", "0..1000",
            "--partitions", "1000", "--no-progress", "--cluster-port", Integer.toString(clusterPort),
            "--lifeline-port", Integer.toString(lifelinePort));
        ChildJvm quick = runCommand(dir, "--task", "primes", "--range", "0..300000", "--partitions", "24",
            "--no-progress")) {
      awaitMemberAt(clusterPort, slow, "a node to see the coordinator at its --cluster-port");
      // The node may list the coordinator a moment before its driver actor has opened the lifeline.
      awaitListening(lifelinePort, slow, "its lifeline to listen at --lifeline-port");
      assertEquals(0, quick.waitFor(Duration.ofSeconds(100)), quick.output());
      assertEquals(0, slow.waitFor(Duration.ofSeconds(100)), slow.output());

      assertTrue(quick.output().contains("answer: " + primes + "\n"), quick.output());
      assertTrue(slow.output().contains("answer: 1000\n"), slow.output());
      for (ChildJvm run : List.of(slow, quick)) {
        assertTrue(run.output().contains("2 workers in the cluster"), run.output());
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard
  void ctrlCOnRunInClusterMode_cancelsItsJobOnTheNodes_exits130_andTheNodesTakeTheNextJob(@TempDir Path dir)
      throws Exception {
    try (ChildJvm run = runCommand(dir, "--task", "test-sleep", "--param", "ms=20", "--range", "0..2000",
        "--partitions", "2000", "--progress=json")) {
      RunInterruptTest.interruptOnceRunning(run);

      RunInterruptTest.assertCancelledPartWay(run);
    }
    // The cancelled job's queue is gone from the nodes: another coordinator's job is served to its end.
    RunResult next = runner.run(job("test-concat", Map.of(), Optional.of(new LongRange(0, 100)), 10),
        ProgressListener.NONE);
    assertEquals(LocalRunner.sequential().run(job("test-concat", Map.of(), Optional.of(new LongRange(0, 100)), 10),
        ProgressListener.NONE).value(), next.value());
  }

  @Test
  void clusterModeReproducesTheSeedNotesDigests() {
    Map<Long, String> digests = Map.of(50L, "230e8a7af76612c4", 63L, "c64db8c9639acc6c", 32L, "3740bf6a245d87c9");
    digests.forEach((n, digest) -> {
      Job job = job("nested-product", Map.of("n", Long.toString(n)), Optional.empty(), 16);
      BigInteger value = (BigInteger) runner.run(job, ProgressListener.NONE).value();
      assertEquals(digest, Digests.shortSha256(value), "n=" + n);
    });
  }

  @Test
  void messagesAndBytesAreCountedOnTheWire() {
    RunResult result = runner.run(job("spin", Map.of("ns", "0"), Optional.of(new LongRange(0, 50_000)), 5_000),
        ProgressListener.NONE);
    assertEquals(50_000L, result.value());
    assertTrue(result.stats().messagesFromWorkers() > 0);
    assertTrue(result.stats().wireBytes() > 5_000 * 8, "partitions cross the wire: " + result.stats().wireBytes());
  }

  @Test
  void fetchResultsCrossTheWireAndMatchSequential() throws Exception {
    try (TestServer server = TestServer.start("127.0.0.1", 0)) {
      Map<String, String> outcomes = MixedUrls.expected(server.url());
      List<String> urls = List.copyOf(outcomes.keySet());
      Job job = MixedUrls.job(urls, IoStyle.ASYNC, 2);
      // Each URL's own outcome, not only the sequential run's: a fault both runs share would match itself.
      List<String> expected = List.copyOf(outcomes.values());
      assertEquals(expected, MixedUrls.outcomes(LocalRunner.sequential().run(job.rerun(), ProgressListener.NONE).value(),
          urls));
      RunResult result = runner.run(job.rerun(), ProgressListener.NONE);
      assertEquals(expected, MixedUrls.outcomes(result.value(), urls));
      assertEquals(2, result.workers(), "both nodes' workers took part");
      @SuppressWarnings("unchecked")
      FetchResult last = ((List<FetchResult>) result.value()).get(urls.size() - 1);
      assertEquals(FetchResult.response(urls.size() - 1, server.url() + "/bytes?n=1000", 200, 1000,
          last.latencyMicros()), last, "every field crossed the wire");
    }
  }

  @Test
  void taskFailureFailsTheJobAndTheClusterTakesTheNextJob() {
    Job failing = job("test-always-fails", Map.of("at", "5"), Optional.of(new LongRange(0, 40)), 4);
    JobFailedException failure = org.junit.jupiter.api.Assertions.assertThrows(JobFailedException.class,
        () -> runner.run(failing, ProgressListener.NONE));
    assertEquals("task 'test-always-fails' failed on partition 0 [0, 10) after 3 attempts: "
        + "IllegalStateException: boom at 5", failure.getMessage());
    assertEquals(40L, runner.run(job("spin", Map.of("ns", "0"), Optional.of(new LongRange(0, 40)), 4),
        ProgressListener.NONE).value());
  }

  /** The frame, less the envelope, as the failures below say it: cluster.conf's 1 MiB. */
  private static final String LIMIT = "1,040,384 bytes (pekko.remote.artery.advanced.maximum-frame-size = 1,048,576, "
      + "less 8,192 for the envelope)";

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: without the check the job waited forever
  void offerLargerThanAFrame_failsTheJobAtOnceNamingTheLimit_andTheClusterTakesTheNextJob() {
    // Task parameters travel in the job's offer, one message that cannot be split.
    Job tooLarge = job("test-fails-once", Map.of("run", "x".repeat(1_200_000)), Optional.of(new LongRange(0, 40)), 4);

    JobFailedException failure = org.junit.jupiter.api.Assertions.assertThrows(JobFailedException.class,
        () -> runner.run(tooLarge, ProgressListener.NONE));

    // The offer is the parameter and some 120 bytes more: names, the job id, the coordinator's address.
    assertTrue(failure.getMessage().matches(Pattern.quote("job " + tooLarge.id() + " cannot be sent to its workers: "
        + "its offer (task 'test-fails-once' and its parameters, for a fetch job the URL list) is ")
        + "1,200,[1-2]\\d\\d" + Pattern.quote(" bytes, more than one cluster message carries, " + LIMIT
        + "; split the URL list or shorten the parameters")), failure.getMessage());
    assertEquals(40L, runner.run(job("spin", Map.of("ns", "0"), Optional.of(new LongRange(0, 40)), 4),
        ProgressListener.NONE).value());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: a result Artery drops would run again forever
  void resultLargerThanAFrame_failsItsPartitionNamingTheLimit_untilTheJobFails() {
    Job tooLarge = job("test-big-result", Map.of("chars", "1100000"), Optional.of(new LongRange(0, 1)), 1);

    JobFailedException failure = org.junit.jupiter.api.Assertions.assertThrows(JobFailedException.class,
        () -> runner.run(tooLarge, ProgressListener.NONE));

    assertTrue(failure.getMessage().startsWith("task 'test-big-result' failed on partition 0 [0, 1) after 3 attempts: "
        + "its result is 1,100,0"), failure.getMessage());
    assertTrue(failure.getMessage().endsWith("bytes, more than one cluster message carries: " + LIMIT
        + "; use smaller partitions"), failure.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void resultsTooLargeForOneMessageTogether_allArrive() {
    // 0.4 MB each: a worker that sends three or more at once must split them over several messages.
    Job job = job("test-big-result", Map.of("chars", "400000"), Optional.of(new LongRange(0, 12)), 12);
    String expected = (String) LocalRunner.sequential().run(job.rerun(), ProgressListener.NONE).value();

    RunResult result = runner.run(job.rerun(), ProgressListener.NONE);

    assertEquals(expected.length(), ((String) result.value()).length());
    assertEquals(expected, result.value());
    assertEquals(0, result.stats().retries(), "no result was turned back");
  }

  /**
   * Through the job service on the 2-node cluster: a short job submitted beside a long one (2,000
   * partitions of 20 ms: 20 s on two workers) finishes, exactly, while the long one still runs;
   * cancelling the long one then ends it CANCELLED with what it had done, and every worker takes
   * the next job at once. The short job's time against its time alone is printed, not asserted:
   * the ratio is the benchmark's to measure (JobServiceBenchmark).
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang guard
  void shortJobFinishesBesideALongOne_andCancellingTheLongOneFreesEveryWorkerForTheNextJob() throws Exception {
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER_NAME));
    JobRequest shortRequest = JobRequest.builder().task("primes").range("0..2000000").partitions(16L).build();
    String expectedShort = LocalRunner.sequential().run(job("primes", Map.of(), Optional.of(new LongRange(0, 2_000_000)),
        16), ProgressListener.NONE).answer();
    long longPartitions = 2_000;
    try (RunnerJobService service = RunnerJobService.open(new ClusterRunner(config, cluster.seeds(), "127.0.0.1"),
        config, TaskRegistry.load())) {
      service.submit(shortRequest).done().toCompletableFuture().get(); // the nodes' JIT warmed up, untimed
      long soloStart = System.nanoTime();
      JobView solo = service.submit(shortRequest).done().toCompletableFuture().get();
      long soloNanos = System.nanoTime() - soloStart;
      assertEquals(Optional.of(expectedShort), solo.answer(), solo.toString());

      JobHandle slow = service.submit(JobRequest.builder().task("test-sleep").params(Map.of("ms", "20"))
          .range("0.." + longPartitions).partitions(longPartitions).build());
      Eventually.await(Duration.ofSeconds(60), () -> "two partitions of the slow job: " + slow.view(),
          () -> slow.view().partitionsDone() >= 2);
      long besideStart = System.nanoTime();
      JobView beside = service.submit(shortRequest).done().toCompletableFuture().get();
      long besideNanos = System.nanoTime() - besideStart;
      JobView slowThen = slow.view();

      assertEquals(JobStatus.SUCCEEDED, beside.state(), beside.toString());
      assertEquals(Optional.of(expectedShort), beside.answer());
      assertEquals(JobStatus.RUNNING, slowThen.state(), "the short job finished while the long one ran: " + slowThen);
      System.out.printf("short job (16 partitions of primes below 2,000,000): %.3f s alone, %.3f s beside a long job "
          + "(%.2fx); the long job had %d of %d partitions done%n", soloNanos / 1e9, besideNanos / 1e9,
          (double) besideNanos / soloNanos, slowThen.partitionsDone(), longPartitions);

      JobView cancelled = service.cancel(slow.id()).orElseThrow();
      assertEquals(JobStatus.CANCELLED, cancelled.state(), cancelled.toString());
      assertTrue(cancelled.partitionsDone() >= slowThen.partitionsDone() && cancelled.partitionsDone() < longPartitions,
          cancelled.toString());
      assertEquals(Optional.of("cancelled; " + cancelled.partitionsDone() + " of " + longPartitions
          + " partitions had finished"), cancelled.error());
      assertEveryWorkerTakesTheNextJobAtOnce(service);
    }
    // The nodes go on serving: a job from the other coordinator, after the first left the cluster.
    RunResult next = runner.run(job("spin", Map.of("ns", "0"), Optional.of(new LongRange(0, 40)), 4),
        ProgressListener.NONE);
    assertEquals(40L, next.value());
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang guard
  void twoJobsAtOnce_eachReportsItsOwnWireBytes_andWithNoJobsTrafficTheyMakeTheJvmsTotal() throws Exception {
    WireMeters meters = runner.wireMeters();
    WireTally totalBefore = meters.total();
    WireTally noJobBefore = meters.unattributed();
    Job many = job("spin", Map.of("ns", "0"), Optional.of(new LongRange(0, 20_000)), 2_000);
    Job few = job("primes", Map.of(), Optional.of(new LongRange(0, 200_000)), 40);

    CompletableFuture<JobOutcome> manyDone = runner.start(many, ProgressListener.NONE);
    CompletableFuture<JobOutcome> fewDone = runner.start(few, ProgressListener.NONE);
    JobOutcome manyEnd = manyDone.get(60, TimeUnit.SECONDS);
    JobOutcome fewEnd = fewDone.get(60, TimeUnit.SECONDS);

    assertEquals(20_000L, ((JobOutcome.Succeeded) manyEnd).value());
    assertEquals(17_984L, ((JobOutcome.Succeeded) fewEnd).value(), "primes below 200,000");
    long manyBytes = manyEnd.stats().wireBytes();
    long fewBytes = fewEnd.stats().wireBytes();
    assertTrue(manyBytes > 2_000 * 8, "each of its partitions crossed the wire, and its results: " + manyBytes);
    assertTrue(fewBytes > 40 * 8 && fewBytes < manyBytes, "40 partitions cost less than 2,000: " + fewBytes);
    // Each message is counted into the JVM's total before its job's figure or no job's, so the total
    // is ahead while the jobs' late traffic (JobEnded notices, results in flight) is still landing.
    long noJobBytes = Eventually.awaitFound(Duration.ofSeconds(30), () -> "the JVM's total ("
        + meters.total().minus(totalBefore).bytes() + " B) to be the jobs' (" + (manyBytes + fewBytes) + " B) and no job's ("
        + meters.unattributed().minus(noJobBefore).bytes() + " B)", () -> {
          long noJob = meters.unattributed().minus(noJobBefore).bytes();
          long total = meters.total().minus(totalBefore).bytes();
          return manyBytes + fewBytes + noJob == total ? Optional.of(noJob) : Optional.empty();
        });
    assertTrue(noJobBytes < manyBytes + fewBytes, "no job's is the little after their ends: " + noJobBytes);
    // What GET /metrics reports: every incarnation's total, so at least this one's, read before it.
    WireTally seen = meters.total();
    WireTally reported = runner.counts().wire();
    assertTrue(reported.bytesSent() >= seen.bytesSent() && reported.bytesReceived() >= seen.bytesReceived()
        && reported.bytesSent() > 0 && reported.bytesReceived() > 0, reported + " against " + seen);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang guard
  void nodesShowEveryMemberWithItsWorkers_andARunningJobOnTheWorkersOfBothNodes() throws Exception {
    Job slow = job("test-sleep", Map.of("ms", "20"), Optional.of(new LongRange(0, 3000)), 3000);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<JobOutcome> end = runner.start(slow, (done, total) -> started.countDown());
    List<NodeReport> during;
    try {
      assertTrue(started.await(30, TimeUnit.SECONDS), "the job got going");
      during = runner.nodes(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    } finally {
      runner.cancel(slow.id());
    }
    assertTrue(end.get(30, TimeUnit.SECONDS) instanceof JobOutcome.Cancelled);
    List<NodeReport> after = runner.nodes(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

    NodeReport self = during.get(0);
    assertTrue(self.self(), "this coordinator comes first: " + during);
    assertEquals(List.of("coordinator"), self.roles());
    assertEquals("up", self.status());
    assertEquals(List.of(), self.workers(), "a coordinator has no workers of its own");
    List<NodeReport> workerNodes = during.stream().filter(node -> node.roles().contains("worker")).toList();
    assertEquals(List.of(Optional.of("node-1"), Optional.of("node-2")),
        workerNodes.stream().map(NodeReport::name).toList(), during.toString());
    for (NodeReport node : workerNodes) {
      assertTrue(node.reachable() && node.status().equals("up"), node.toString());
      assertEquals(1, node.workers().size(), node.toString());
      NodeReport.Worker worker = node.workers().get(0);
      assertEquals("worker-1", worker.name());
      assertTrue(worker.path().contains("@" + node.address() + "/"), worker.path());
      assertEquals(List.of(slow.id()), worker.jobs().stream().map(NodeReport.Work::jobId).toList(), node.toString());
    }
    for (NodeReport node : after) {
      for (NodeReport.Worker worker : node.workers()) {
        assertEquals(List.of(), worker.jobs(), "the cancelled job is gone: " + node);
      }
    }
  }

  /**
   * A job whose partitions each wait at a gate, opened only once one of them runs on every node:
   * every worker has taken this job at the same time, none is left to the cancelled one.
   */
  private static void assertEveryWorkerTakesTheNextJobAtOnce(RunnerJobService service) throws Exception {
    Path gate = Files.createTempDirectory("scatter-gate");
    try {
      // Two partitions per worker: each worker's first pull asks for prefetch-min (2).
      JobHandle next = service.submit(JobRequest.builder().task("test-gate").params(Map.of("dir", gate.toString()))
          .range("0..4").partitions(4L).build());
      for (LocalCluster.Node node : cluster.nodes()) {
        Path started = gate.resolve("started-" + node.pid());
        Eventually.await(Duration.ofSeconds(60), () -> node.name() + " to start the next job: " + next.view(), () -> {
          assertFalse(next.view().isEnded(), "the next job ended before every node ran it: " + next.view());
          return Files.exists(started);
        });
      }
      Files.writeString(gate.resolve("open"), "");
      JobView done = next.done().toCompletableFuture().get();
      assertEquals(Optional.of("4"), done.answer(), done.toString());
    } finally {
      Files.writeString(gate.resolve("open"), "");
      TestDirs.deleteTree(gate);
    }
  }
}

package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.code.JarDigest;
import io.scatter.node.code.NodeCode;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.JarCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker offered a job of uploaded code while its jar is being fetched: the fetch runs off the
 * worker's thread, so the worker serves its other jobs and hears a cancel meanwhile; the workers of
 * one node share one fetch. The jar is a real one fetched from a probe standing in for the job's
 * coordinator; it carries no task of its own, so its set's tasks are scatter's built-ins.
 */
final class WorkerCodeFetchTest {

  /** How long "nothing is sent" is watched: a worker that wrongly pulls does so within milliseconds. */
  private static final Duration QUIET = Duration.ofMillis(300);
  /** A jar set's idle time here: short, so a test sees an unused set go. */
  private static final long IDLE_MILLIS = 300;
  private static final String IDLE = IDLE_MILLIS + "ms";
  private static final Duration GONE_WITHIN = Duration.ofSeconds(10);
  private static final TaskRef PRIMES = new TaskRef("primes", Map.of());
  private static final WorkerSettings SETTINGS = WorkerSettings.from(ScatterConfig.load());

  @TempDir
  static Path cache;

  private static ActorTestKit testkit;

  @BeforeAll
  static void start() {
    testkit = ActorTestKit.create(ScatterConfig.loadForCluster(Optional.empty())
        .withOnlyPath("scatter.lifeline").withValue("scatter.lifeline.enabled", ConfigValueFactory.fromAnyRef(false))
        .withFallback(ScatterConfig.load())
        .withValue("scatter.jobs.jar-cache", ConfigValueFactory.fromAnyRef(cache.toString()))
        .withValue("scatter.jobs.jar-set-idle", ConfigValueFactory.fromAnyRef(IDLE)));
  }

  @AfterAll
  static void shutdown() {
    testkit.shutdownTestKit();
  }

  /** A jar of one text file, distinct per {@code name}: a new digest the node has never fetched. */
  private static byte[] jar(String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("README.txt");
      entry.setTime(0); // the same bytes each time it is made: an entry's time would change the digest
      zip.putNextEntry(entry);
      zip.write(("jar " + name).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static ActorRef<WorkerCommand> spawnWorker() {
    TaskRegistry registry = TaskRegistry.load();
    return testkit.spawn(Worker.create(registry::bind, SETTINGS));
  }

  private static WorkerCommand.Offer offer(String jobId, String digest, TestProbe<CoordinatorCommand> coordinator,
      TestProbe<JarCommand> server) {
    return new WorkerCommand.Offer(jobId, new TaskRef("primes", Map.of(), List.of(digest)), coordinator.getRef(),
        WorkerCommand.Offer.DEFAULT_WEIGHT, WorkerCommand.Offer.NO_LIFELINE, WorkerCommand.Offer.WORKER_PROGRESS,
        server.getRef());
  }

  private static void send(JarCommand.Fetch fetch, byte[] jar) {
    fetch.replyTo().tell(new JarCommand.JarChunk(fetch.digest(), 0, jar.length, jar, ""));
  }

  /** Assigns [0, 100) of {@code jobId} and returns its outcome. */
  private static PartitionOutcome runOne(ActorRef<WorkerCommand> worker, String jobId,
      TestProbe<CoordinatorCommand> coordinator) {
    worker.tell(new WorkerCommand.Assign(jobId, List.of(new Partition(jobId, 0, 1, new LongRange(0, 100)))));
    List<PartitionOutcome> outcomes = new ArrayList<>();
    while (outcomes.isEmpty()) {
      outcomes.addAll(coordinator.expectMessageClass(CoordinatorCommand.Pull.class).outcomes());
    }
    return outcomes.get(0);
  }

  @Test
  void whileItsJarIsFetched_aWorkerRunsAnotherJobAndHearsACancel_andTwoWorkersShareOneFetch() throws Exception {
    byte[] jar = jar("shared");
    String digest = JarDigest.of(jar);
    TestProbe<JarCommand> server = testkit.createTestProbe();
    TestProbe<CoordinatorCommand> codeJob = testkit.createTestProbe();
    TestProbe<CoordinatorCommand> plainJob = testkit.createTestProbe();
    ActorRef<WorkerCommand> first = spawnWorker();
    ActorRef<WorkerCommand> second = spawnWorker();
    long fetchesBefore = NodeCode.get(testkit.system()).fetchesStarted();

    first.tell(offer("code-1", digest, codeJob, server));
    second.tell(offer("code-1", digest, codeJob, server));
    JarCommand.Fetch fetch = server.expectMessageClass(JarCommand.Fetch.class); // and held: the jar is "slow"
    first.tell(new WorkerCommand.Offer("plain-1", PRIMES, plainJob.getRef()));
    plainJob.expectMessageClass(CoordinatorCommand.Pull.class);
    PartitionOutcome plain = runOne(first, "plain-1", plainJob);
    second.tell(new WorkerCommand.JobEnded("code-1"));

    assertEquals(25L, assertInstanceOf(PartitionOutcome.Completed.class, plain).value(),
        "the first worker ran another job while its jar was on its way");
    codeJob.expectNoMessage(QUIET); // no pull before the code is there
    server.expectNoMessage(QUIET);
    assertEquals(1, NodeCode.get(testkit.system()).fetchesStarted() - fetchesBefore, "two workers, one fetch");

    send(fetch, jar);

    CoordinatorCommand.Pull pull = codeJob.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(first, pull.worker(), "the second worker heard its job end while the jar came, and never asks");
    assertEquals(25L, assertInstanceOf(PartitionOutcome.Completed.class, runOne(first, "code-1", codeJob)).value());
    codeJob.expectNoMessage(QUIET);
  }

  @Test
  void aJarTheCoordinatorRefuses_failsEachPartitionNamingTheJarAndWhy_andTheWorkerServesTheNextJob() throws Exception {
    String digest = JarDigest.of(jar("refused"));
    TestProbe<JarCommand> server = testkit.createTestProbe();
    TestProbe<CoordinatorCommand> codeJob = testkit.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();

    worker.tell(offer("code-2", digest, codeJob, server));
    JarCommand.Fetch fetch = server.expectMessageClass(JarCommand.Fetch.class);
    fetch.replyTo().tell(JarCommand.JarChunk.refused(digest, "this job's coordinator has no jar " + digest));
    codeJob.expectMessageClass(CoordinatorCommand.Pull.class);

    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, runOne(worker, "code-2", codeJob));
    assertTrue(failed.error().startsWith("jar " + digest + " could not be fetched: this job's coordinator has no jar"),
        failed.error());
    TestProbe<CoordinatorCommand> plainJob = testkit.createTestProbe();
    worker.tell(new WorkerCommand.Offer("plain-2", PRIMES, plainJob.getRef()));
    plainJob.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(25L, assertInstanceOf(PartitionOutcome.Completed.class, runOne(worker, "plain-2", plainJob)).value());
  }

  @Test
  void drainWhileAJarIsFetched_declinesThatJob_andIsDrainedOnceTheDeclineIsConfirmed() throws Exception {
    String digest = JarDigest.of(jar("drained"));
    TestProbe<JarCommand> server = testkit.createTestProbe();
    TestProbe<CoordinatorCommand> codeJob = testkit.createTestProbe();
    TestProbe<Worker.Drained> drained = testkit.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(offer("code-3", digest, codeJob, server));
    JarCommand.Fetch fetch = server.expectMessageClass(JarCommand.Fetch.class);

    worker.tell(new Worker.Drain(drained.getRef()));

    CoordinatorCommand.Return declined = codeJob.expectMessageClass(CoordinatorCommand.Return.class);
    assertTrue(declined.indices().isEmpty() && declined.begun().isEmpty(), declined.toString());
    drained.expectNoMessage(QUIET);
    worker.tell(new WorkerCommand.ReturnReceived("code-3"));
    drained.expectMessage(Worker.Drained.INSTANCE);
    send(fetch, jar("drained"));
    codeJob.expectNoMessage(QUIET); // the jar came after all: a job declined is not served
  }

  @Test
  void aJarSetNoJobHolds_isDroppedAfterItsIdleTime_andALaterJobOfTheSameJarLoadsItAgainWithoutAFetch()
      throws Exception {
    byte[] jar = jar("idle");
    String digest = JarDigest.of(jar);
    NodeCode code = NodeCode.get(testkit.system());
    TestProbe<JarCommand> server = testkit.createTestProbe();
    TestProbe<CoordinatorCommand> firstJob = testkit.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(offer("code-4", digest, firstJob, server));
    send(server.expectMessageClass(JarCommand.Fetch.class), jar);
    firstJob.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(25L, assertInstanceOf(PartitionOutcome.Completed.class, runOne(worker, "code-4", firstJob)).value());
    Thread.sleep(2 * IDLE_MILLIS); // past its idle time, while a job holds it
    assertTrue(code.hasLoaded(List.of(digest)), "held while the job is served, however long");
    long fetches = code.fetchesStarted();

    worker.tell(new WorkerCommand.JobEnded("code-4"));

    Eventually.await(GONE_WITHIN, () -> "the idle set to be dropped", () -> !code.hasLoaded(List.of(digest)));
    TestProbe<CoordinatorCommand> laterJob = testkit.createTestProbe();
    worker.tell(offer("code-5", digest, laterJob, server));
    laterJob.expectMessageClass(CoordinatorCommand.Pull.class);
    assertTrue(code.hasLoaded(List.of(digest)), "loaded again");
    assertEquals(25L, assertInstanceOf(PartitionOutcome.Completed.class, runOne(worker, "code-5", laterJob)).value());
    server.expectNoMessage(QUIET);
    assertEquals(fetches, code.fetchesStarted(), "the jar was on disk: loaded again, not fetched again");
  }
}

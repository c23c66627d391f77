package io.scatter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.ActorRunner;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalSettings;
import io.scatter.journal.JournalTables;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job service on a journal (embedded H2, the in-process actors pool): what a start finds in the
 * journal it lists and resumes, computing nothing that has a kept result.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JournaledServiceTest {

  private static final Config CONFIG = TestConfig.load();
  private static final TaskRegistry REGISTRY = TaskRegistry.load();
  private static final JobRequests REQUESTS = new JobRequests(JobDefaults.from(CONFIG), REGISTRY);

  @TempDir
  Path dir;

  private final List<RunnerJobService> services = new ArrayList<>();

  @AfterEach
  void closeServices() {
    services.forEach(RunnerJobService::close);
  }

  private JournalSettings settings;

  /** Where the journal is: a folder of this test's (embedded H2); the same test runs on PostgreSQL too. */
  protected JournalSettings journalSettings(Path dir) {
    return JournalSettings.from(CONFIG).at(dir.resolve("journal").toString());
  }

  private JobJournal journal() {
    if (settings == null) {
      settings = journalSettings(dir);
    }
    return JobJournal.open(settings, CONFIG);
  }

  private RunnerJobService service() {
    RunnerJobService service = RunnerJobService.open(new ActorRunner(CONFIG, 2, REGISTRY), CONFIG, REGISTRY,
        Optional.of(journal()));
    services.add(service);
    return service;
  }

  private JobRequest trace(Path traceDir, long partitions, long millis) {
    return JobRequest.builder().task("test-trace")
        .params(Map.of("dir", traceDir.toString(), "ms", Long.toString(millis)))
        .range("0.." + partitions).partitions(partitions).build();
  }

  @Test
  void aRunningJobInTheJournal_isResumedUnderItsId_computingOnlyThePartitionsWithoutAResult() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    JobRequest request = trace(traced, 20, 1);
    String id;
    try (JobJournal journal = journal()) {
      JobJournal.Accepted accepted = journal.submit(new JobSubmitted(StoredRequests.write(request),
          REQUESTS.prepare(request).planLine(), 1_000));
      id = accepted.id();
      JobJournal.Writer writer = accepted.writer();
      List<AcceptedResult> kept = LongStream.range(0, 10).mapToObj(index -> new AcceptedResult(index * 2, 1L)).toList();
      writer.results(kept);
    }
    RunnerJobService service = service();
    JobView ended = service.whenEnded(id).orElseThrow().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertEquals(JobStatus.SUCCEEDED, ended.state(), ended.toString());
    assertEquals(Optional.of("20"), ended.answer());
    assertEquals(LongStream.range(0, 10).map(index -> index * 2 + 1).boxed().toList(), ranFroms(traced));
  }

  @Test
  void aSubmissionWhoseRegistrationCannotBeWritten_isRefused_andItsJobStops_unlisted()
      throws Exception {
    JournalSettings usual = journalSettings(dir);
    settings = new JournalSettings(usual.location(), usual.user(), usual.password(), usual.snapshotEvery(),
        usual.maxResults(), usual.resultsEvery(), Duration.ofSeconds(1), usual.recoveryTimeout());
    RunnerJobService service = service();
    JournalTables.takeAwayEvents(settings);
    Path traced = Files.createDirectory(dir.resolve("trace"));
    try {
      long start = System.nanoTime();
      IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> service.submit(trace(traced, 1_000, 10))); // 5 s of work on 2 workers, started before the write
      double seconds = (System.nanoTime() - start) / 1e9;

      // The failed write restarts the registry, whose reading back fails too: either way the message names the write.
      assertTrue(refused.getMessage().contains("job 1-") && refused.getMessage().contains("registration"),
          refused.getMessage());
      assertTrue(seconds < 5, "refused after " + seconds + " s");
      assertEquals(List.of(), service.list(10), "nobody may hear of a job the journal does not hold");
      Thread.sleep(1_000); // partitions that had begun end; then nothing more of the job runs
      long ran = ranFroms(traced).size();
      Thread.sleep(500);
      assertEquals(ran, ranFroms(traced).size(), "the refused job was stopped");
      assertTrue(ran < 1_000, ran + " partitions ran: the job was not stopped");
    } finally {
      JournalTables.bringBackEvents(settings);
    }
    // The database back, submissions are taken again (the registry retries with backoff, up to 5 s).
    JobView later = Eventually.awaitFound(Duration.ofSeconds(30), () -> "a submission taken again", () -> {
      try {
        return Optional.of(service.submit(JobRequest.builder().task("primes").range("0..1000").build()).done()
            .toCompletableFuture().get(10, TimeUnit.SECONDS));
      } catch (IllegalStateException stillAway) {
        return Optional.empty();
      }
    });
    assertEquals(Optional.of("168"), later.answer());
  }

  @Test
  void aJobThatEndedBeforeTheRestart_isListedWithItsAnswer_andNewJobsGetNewIds() throws Exception {
    RunnerJobService first = service();
    JobHandle job = first.submit(JobRequest.builder().task("primes").range("0..200000").partitions(8L).build());
    JobView ended = job.done().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(Optional.of("17984"), ended.answer());
    first.close();

    RunnerJobService second = service();
    JobView listed = second.get(job.id()).orElseThrow();
    assertEquals(JobStatus.SUCCEEDED, listed.state());
    assertEquals(Optional.of("17984"), listed.answer());
    assertEquals(8, listed.stats().orElseThrow().partitions());
    assertEquals(ended.submitted().toEpochMilli(), listed.submitted().toEpochMilli());
    String next = second.submit(JobRequest.builder().task("primes").range("0..1000").build()).id();
    assertNotEquals(job.id(), next);
    assertTrue(next.startsWith("2-"), next);
  }

  @Test
  void aJobCutShortByTheServicesStop_isResumedByTheNextStart_withTheRightAnswer() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    RunnerJobService first = service();
    JobHandle job = first.submit(trace(traced, 60, 40));
    awaitDone(first, job.id(), 10);
    first.close();

    RunnerJobService second = service();
    JobView ended = second.whenEnded(job.id()).orElseThrow().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(Optional.of("60"), ended.answer(), ended.toString());
    List<Long> ran = ranFroms(traced);
    assertEquals(new TreeSet<>(LongStream.range(0, 60).boxed().toList()), new TreeSet<>(ran));
    // Twice at most: what the workers held when the first service stopped, 2 workers with a few queued each.
    assertTrue(ran.size() - 60 <= 10, "partitions run twice: " + (ran.size() - 60));
  }

  @Test
  void aJobOfMorePartitionsThanTheJournalKeepsResultsFor_isResumedFromTheStart() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    JournalSettings few = new JournalSettings(Optional.of(dir.resolve("few").toString()), "", "", 500, 5,
        Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));
    RunnerJobService first = RunnerJobService.open(new ActorRunner(CONFIG, 2, REGISTRY), CONFIG, REGISTRY,
        Optional.of(JobJournal.open(few, CONFIG)));
    services.add(first);
    JobHandle job = first.submit(trace(traced, 40, 40));
    awaitDone(first, job.id(), 10);
    first.close();

    RunnerJobService second = RunnerJobService.open(new ActorRunner(CONFIG, 2, REGISTRY), CONFIG, REGISTRY,
        Optional.of(JobJournal.open(few, CONFIG)));
    services.add(second);
    JobView ended = second.whenEnded(job.id()).orElseThrow().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(Optional.of("40"), ended.answer(), ended.toString());
    assertTrue(ranFroms(traced).size() >= 40 + 10, "the resumed job ran every partition again: " + ranFroms(traced));
  }

  @Test
  void aJobThatWouldNowBePlannedDifferently_isNotResumed_butEndsFailedSayingWhy() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    JobRequest request = trace(traced, 20, 1);
    String id;
    try (JobJournal journal = journal()) {
      id = journal.submit(new JobSubmitted(StoredRequests.write(request), "test-trace planned by another version", 1_000))
          .id();
    }
    RunnerJobService service = service();
    JobView view = service.get(id).orElseThrow();
    assertEquals(JobStatus.FAILED, view.state());
    assertTrue(view.error().orElseThrow().contains("not resumed"), view.toString());
    assertEquals(List.of(), ranFroms(traced));
  }

  private static void awaitDone(RunnerJobService service, String id, long partitions) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(30), () -> "job " + id + " has " + partitions + " partitions done: "
        + service.get(id), () -> service.get(id).orElseThrow().partitionsDone() >= partitions);
  }

  /** The {@code from} of each partition the trace task ran, sorted, once per run. */
  private static List<Long> ranFroms(Path traced) throws IOException {
    try (Stream<Path> files = Files.list(traced)) {
      return files.map(file -> Long.parseLong(file.getFileName().toString().split("-")[1])).sorted().toList();
    }
  }
}

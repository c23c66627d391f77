package io.scatter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scatter.coordinator.ActorRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.testing.Eventually;
import io.scatter.testing.ManualTicker;
import io.scatter.testing.TestConfig;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job service over the in-process actors pool: several jobs at once, cancelling one, what it keeps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RunnerJobServiceTest {

  private static final Config CONFIG = TestConfig.load();
  private static final TaskRegistry REGISTRY = TaskRegistry.load();
  private static final JobRequests REQUESTS = new JobRequests(JobDefaults.from(CONFIG), REGISTRY);

  private final List<RunnerJobService> services = new ArrayList<>();

  @AfterEach
  void closeServices() {
    services.forEach(RunnerJobService::close);
  }

  private RunnerJobService service() {
    RunnerJobService service = RunnerJobService.open(new ActorRunner(CONFIG, 2, REGISTRY), CONFIG, REGISTRY);
    services.add(service);
    return service;
  }

  private RunnerJobService keeping(int finished) {
    return keeping(finished, Duration.ZERO, Ticker.system());
  }

  private RunnerJobService keeping(int finished, Duration forAtLeast, Ticker ticker) {
    RunnerJobService service = new RunnerJobService(new ActorRunner(CONFIG, 2, REGISTRY), REQUESTS,
        new ServiceSettings(finished, forAtLeast, Duration.ofSeconds(5), Duration.ofSeconds(5)), Optional.empty(), ticker);
    services.add(service);
    return service;
  }

  /** Until {@code job} has finished two partitions: it runs, and is far from its end. */
  private static void awaitUnderWay(JobHandle job) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(30), () -> "two partitions of " + job.view(),
        () -> job.view().partitionsDone() >= 2);
  }

  private static JobRequest concat(String range, long partitions) {
    return JobRequest.builder().task("test-concat").range(range).partitions(partitions).build();
  }

  private static JobRequest primes(String range, long partitions) {
    return JobRequest.builder().task("primes").range(range).partitions(partitions).build();
  }

  private static JobRequest sleeping(long ms, long partitions) {
    return JobRequest.builder().task("test-sleep").params(Map.of("ms", Long.toString(ms)))
        .range("0.." + partitions).partitions(partitions).build();
  }

  /** The answer the sequential runner gives for the same request. */
  private static String sequentialAnswer(JobRequest request) {
    try (LocalRunner sequential = LocalRunner.sequential()) {
      return sequential.run(REQUESTS.prepare(request), ProgressListener.NONE).answer();
    }
  }

  private static JobView await(JobHandle handle) {
    return handle.done().toCompletableFuture().join();
  }

  @Test
  void twoJobsSubmittedAtOnce_bothGiveTheSequentialAnswers() {
    RunnerJobService service = service();
    JobRequest ordered = concat("0..40", 8);
    JobRequest counted = primes("0..200000", 16);

    JobHandle first = service.submit(ordered);
    JobHandle second = service.submit(counted);
    JobView firstEnd = await(first);
    JobView secondEnd = await(second);

    assertEquals(JobStatus.SUCCEEDED, firstEnd.state());
    assertEquals(Optional.of(sequentialAnswer(ordered)), firstEnd.answer());
    assertEquals(JobStatus.SUCCEEDED, secondEnd.state());
    assertEquals(Optional.of(sequentialAnswer(counted)), secondEnd.answer());
    assertEquals(16, secondEnd.partitionsDone());
    assertEquals(16, secondEnd.stats().orElseThrow().partitions());
    assertEquals(firstEnd, service.get(first.id()).orElseThrow());
  }

  @Test
  void cancellingALongJob_endsItCancelledWhileTheOtherJobFinishesWithItsAnswer() throws InterruptedException {
    RunnerJobService service = service();
    JobHandle slow = service.submit(sleeping(20, 2000));
    JobRequest ordered = concat("0..60", 30);
    JobHandle other = service.submit(ordered);
    awaitUnderWay(slow);

    JobView afterCancel = service.cancel(slow.id()).orElseThrow();
    JobView slowEnd = await(slow);
    JobView otherEnd = await(other);

    assertEquals(JobStatus.CANCELLED, slowEnd.state());
    assertEquals(slowEnd, afterCancel, "the cancel waits for the coordinator to confirm");
    assertTrue(slowEnd.partitionsDone() >= 2 && slowEnd.partitionsDone() < 2000, slowEnd.toString());
    assertTrue(slowEnd.error().orElseThrow().contains(slowEnd.partitionsDone() + " of 2000"), slowEnd.toString());
    assertEquals(Optional.empty(), slowEnd.answer());
    assertEquals(JobStatus.SUCCEEDED, otherEnd.state());
    assertEquals(Optional.of(sequentialAnswer(ordered)), otherEnd.answer());
    // Cancelling what has ended changes nothing.
    assertEquals(otherEnd, service.cancel(other.id()).orElseThrow());
    assertEquals(slowEnd, service.cancel(slow.id()).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequential", "threads"})
  void overTheModesWithoutActors_twoJobsGiveTheSequentialAnswers_andACancelStopsOne(String mode)
      throws InterruptedException {
    RunnerJobService service = RunnerJobService.open(
        mode.equals("sequential") ? LocalRunner.sequential() : LocalRunner.threads(2), CONFIG, REGISTRY);
    services.add(service);
    JobHandle slow = service.submit(sleeping(20, 2000));
    JobRequest ordered = concat("0..60", 30);
    JobHandle other = service.submit(ordered);
    awaitUnderWay(slow);

    JobView slowEnd = service.cancel(slow.id()).orElseThrow();
    JobView otherEnd = await(other);

    assertEquals(JobStatus.CANCELLED, slowEnd.state(), slowEnd.toString());
    assertTrue(slowEnd.partitionsDone() >= 2 && slowEnd.partitionsDone() < 2000, slowEnd.toString());
    assertEquals(JobStatus.SUCCEEDED, otherEnd.state(), otherEnd.toString());
    assertEquals(Optional.of(sequentialAnswer(ordered)), otherEnd.answer());
  }

  @Test
  void timedRunGivesTheValueAndTheServiceKeepsTheJobUnderItsOwnId() {
    RunnerJobService service = service();
    JobRequest counted = primes("0..100000", 8);
    Job prepared = REQUESTS.prepare(counted);

    RunResult result = TimedRun.run(service, prepared, ProgressListener.NONE, 2);

    assertEquals(9592L, result.value());
    assertEquals(2, result.workers());
    JobView kept = service.list(1).get(0);
    assertEquals(JobStatus.SUCCEEDED, kept.state());
    assertEquals(Optional.of(sequentialAnswer(counted)), kept.answer());
    assertFalse(kept.id().equals(prepared.id()), "the job ran under an id of the service's");
  }

  @Test
  void workersFreedByACancel_runTheNextJob() {
    RunnerJobService service = service();
    JobHandle slow = service.submit(sleeping(20, 2000));
    slow.cancel();
    assertEquals(JobStatus.CANCELLED, await(slow).state());

    JobRequest next = primes("0..50000", 8);
    JobView nextEnd = await(service.submit(next));

    assertEquals(JobStatus.SUCCEEDED, nextEnd.state());
    assertEquals(Optional.of(sequentialAnswer(next)), nextEnd.answer());
  }

  @Test
  void getAndList_newestFirst_unknownIdEmpty_finishedKeptUpToTheLimit() {
    RunnerJobService service = keeping(2);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JobHandle handle = service.submit(concat("0..10", 2));
      await(handle);
      ids.add(handle.id());
    }
    JobHandle running = service.submit(sleeping(20, 2000));

    assertEquals(List.of(running.id(), ids.get(3), ids.get(2)), service.list(10).stream().map(JobView::id).toList());
    assertEquals(List.of(running.id()), service.list(1).stream().map(JobView::id).toList());
    assertEquals(JobStatus.RUNNING, service.get(running.id()).orElseThrow().state());
    assertEquals(JobStatus.SUCCEEDED, service.get(ids.get(3)).orElseThrow().state());
    assertEquals(Optional.empty(), service.get(ids.get(0)), "the oldest finished are forgotten");
    assertEquals(Optional.empty(), service.get(ids.get(1)));
    assertEquals(Optional.empty(), service.get("no-such-job"));
    assertEquals(Optional.empty(), service.cancel("no-such-job"));

    running.cancel();
    await(running);
    assertEquals(List.of(running.id(), ids.get(3)), service.list(10).stream().map(JobView::id).toList());
  }

  @Test
  void aJobThatEndedMomentsAgoIsKeptBeyondTheCount_untilItIsOlderThanKeepFinishedFor() {
    ManualTicker ticker = new ManualTicker(Instant.parse("2026-12-02T06:00:00Z"));
    RunnerJobService service = keeping(2, Duration.ofSeconds(60), ticker);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JobHandle handle = service.submit(concat("0..10", 2));
      await(handle);
      ids.add(handle.id());
    }
    assertEquals(4, service.list(10).size(), "all four ended within the last minute: none is forgotten yet");

    ticker.advance(Duration.ofSeconds(61));
    JobHandle next = service.submit(concat("0..10", 2));
    await(next);

    assertEquals(List.of(next.id(), ids.get(3)), service.list(10).stream().map(JobView::id).toList(),
        "past the minute the count rules again");
  }

  @Test
  void ids_areUniqueAcrossManySubmissions() {
    RunnerJobService service = service();
    List<JobHandle> handles = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      handles.add(service.submit(concat("0..4", 1)));
    }
    Set<String> ids = new HashSet<>();
    for (JobHandle handle : handles) {
      JobView end = await(handle);
      assertEquals(JobStatus.SUCCEEDED, end.state(), end.toString());
      assertEquals(handle.id(), end.id());
      ids.add(handle.id());
    }
    assertEquals(300, ids.size());
  }

  @Test
  void aBadRequest_isRefusedNamingTheField_andStartsNothing() {
    RunnerJobService service = service();

    JobRequestException partitions = assertThrows(JobRequestException.class,
        () -> service.submit(primes("0..100", 0)));
    JobRequestException task = assertThrows(JobRequestException.class,
        () -> service.submit(JobRequest.builder().task("no-such-task").range("0..10").build()));

    assertEquals(Optional.of("partitions"), partitions.field());
    assertEquals(Optional.of("task"), task.field());
    assertEquals(List.of(), service.list(10));
  }

  @Test
  void close_cancelsTheRunningJobs() {
    RunnerJobService service = service();
    JobHandle slow = service.submit(sleeping(20, 2000));

    service.close();

    JobView end = await(slow);
    assertEquals(JobStatus.CANCELLED, end.state(), end.toString());
    assertThrows(IllegalStateException.class, () -> service.submit(concat("0..4", 1)));
  }

  @Test
  void settings_aBadValueFailsAtStartNamingTheKey() {
    Config bad = ConfigFactory.parseString("scatter.service.keep-finished = 0").withFallback(CONFIG);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.from(bad));

    assertTrue(refused.getMessage().startsWith("scatter.service.keep-finished"), refused.getMessage());
    assertTrue(refused.getMessage().contains("at least 1, got 0"), refused.getMessage());
  }

  @Test
  void open_withABadSetting_failsNamingTheKey() {
    Config bad = ConfigFactory.parseString("scatter.service.cancel-wait = -1s").withFallback(CONFIG);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> RunnerJobService.open(new ActorRunner(bad, 2, REGISTRY), bad, REGISTRY));

    assertTrue(refused.getMessage().startsWith("scatter.service.cancel-wait"), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("must not be negative, got -1s"), refused.getMessage());
  }

  @Test
  void settings_aNodesWaitOfZeroFailsAtStartNamingTheKey() {
    Config bad = ConfigFactory.parseString("scatter.service.nodes-wait = 0s").withFallback(CONFIG);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.from(bad));

    assertTrue(refused.getMessage().startsWith("scatter.service.nodes-wait"), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("must be positive, got 0s"), refused.getMessage());
  }
}

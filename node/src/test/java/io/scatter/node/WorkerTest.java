package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.lifeline.Lifelines;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.BoundTask;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A worker actor driven by a test probe standing in for the coordinator. */
final class WorkerTest {

  /** Lifelines off: offers name coordinators' lifelines, but nothing listens at them here. */
  private static final ActorTestKit TESTKIT = ActorTestKit.create(ScatterConfig.loadForCluster(Optional.empty())
      .withOnlyPath("scatter.lifeline").withValue("scatter.lifeline.enabled", ConfigValueFactory.fromAnyRef(false))
      .withFallback(ScatterConfig.load()));
  private static final WorkerSettings SETTINGS = WorkerSettings.from(ScatterConfig.load());
  private static final TaskRef PRIMES = new TaskRef("primes", Map.of());

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static ActorRef<WorkerCommand> spawnWorker() {
    TaskRegistry registry = TaskRegistry.load();
    return TESTKIT.spawn(Worker.create(registry::bind, SETTINGS));
  }

  private static List<PartitionOutcome> collectOutcomes(TestProbe<CoordinatorCommand> coordinator, int expected) {
    List<PartitionOutcome> outcomes = new ArrayList<>();
    while (outcomes.size() < expected) {
      CoordinatorCommand.Pull pull = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
      outcomes.addAll(pull.outcomes());
    }
    return outcomes;
  }

  @Test
  void pullsOnOfferThenRunsAssignedPartitionsAndReportsThem() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-1", PRIMES, coordinator.getRef()));
    CoordinatorCommand.Pull first = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(SETTINGS.prefetchMin(), first.want());
    assertTrue(first.outcomes().isEmpty());
    worker.tell(new WorkerCommand.Assign("job-1", List.of(
        new Partition("job-1", 0, 1, new LongRange(0, 100)),
        new Partition("job-1", 1, 1, new LongRange(100, 200)))));
    List<PartitionOutcome> outcomes = collectOutcomes(coordinator, 2);
    assertEquals(25L, ((PartitionOutcome.Completed) outcomes.get(0)).value());
    assertEquals(21L, ((PartitionOutcome.Completed) outcomes.get(1)).value());
  }

  @Test
  void aThrowingTaskBecomesAFailedOutcomeAndTheWorkerCarriesOn() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-2", new TaskRef("collatz", Map.of()), coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    // 3n + 1 overflows a long for this start: the task throws ArithmeticException.
    worker.tell(new WorkerCommand.Assign("job-2", List.of(
        new Partition("job-2", 0, 1, new LongRange(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1)),
        new Partition("job-2", 1, 1, new LongRange(1, 10)))));
    List<PartitionOutcome> outcomes = collectOutcomes(coordinator, 2);
    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, outcomes.get(0));
    assertTrue(failed.error().startsWith("ArithmeticException"), failed.error());
    assertInstanceOf(PartitionOutcome.Completed.class, outcomes.get(1));
  }

  /** Throws with a message of a million characters, as a task echoing its whole input back might. */
  private static final class Shouts implements RangeTask<Long> {
    @Override
    public String name() {
      return "shouts";
    }

    @Override
    public String description() {
      return "throws a huge message";
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      throw new IllegalArgumentException("x".repeat(1_000_000));
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  @Test
  void aHugeTaskErrorIsCutToABoundedLengthSayingHowMuchWasCut() {
    BoundTask bound = new BoundTask(new Shouts(), TaskParams.validate("shouts", List.of(), Map.of()));
    ActorRef<WorkerCommand> worker = TESTKIT.spawn(Worker.create(ref -> bound, SETTINGS));
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    worker.tell(new WorkerCommand.Offer("job-5", new TaskRef("shouts", Map.of()), coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-5", List.of(new Partition("job-5", 0, 1, new LongRange(0, 1)))));

    PartitionOutcome.Failed failed = (PartitionOutcome.Failed) collectOutcomes(coordinator, 1).get(0);

    assertTrue(failed.error().length() <= PartitionExecutor.MAX_ERROR_CHARS, failed.error().length() + " characters");
    assertTrue(failed.error().startsWith("IllegalArgumentException: xxxx"), failed.error().substring(0, 40));
    assertTrue(failed.error().endsWith("xxx... (" + String.format(java.util.Locale.ROOT, "%,d",
        "IllegalArgumentException: ".length() + 1_000_000 - (PartitionExecutor.MAX_ERROR_CHARS - 40))
        + " more characters)"), failed.error());
  }

  @Test
  void aTaskUnknownHereFailsEveryPartitionWithTheReason() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-3", new TaskRef("not-installed", Map.of()), coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-3", List.of(new Partition("job-3", 0, 1, new LongRange(0, 1)))));
    PartitionOutcome.Failed failed = (PartitionOutcome.Failed) collectOutcomes(coordinator, 1).get(0);
    assertTrue(failed.error().contains("unknown task 'not-installed'"), failed.error());
  }

  @Test
  void ignoresPartitionsOfAnEndedJob() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-4", PRIMES, coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.JobEnded("job-4"));
    worker.tell(new WorkerCommand.Assign("job-4", List.of(new Partition("job-4", 0, 1, new LongRange(0, 10)))));
    // A fence instead of a wait: the worker reads its mailbox in order, and a partition of job-4 it
    // ran would be reported before it answers the next offer.
    worker.tell(new WorkerCommand.Offer("job-5", PRIMES, coordinator.getRef()));
    CoordinatorCommand.Pull next = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals("job-5", next.jobId());
    assertTrue(next.outcomes().isEmpty(), next.outcomes().toString());
  }

  /** What {@link Gated} tells the test when a partition starts: its range start and how many were running then. */
  private record Started(long from, int alreadyRunning) { }

  /** A task whose partitions wait for the test: each computeAsync hands out a future the test completes. */
  private static final class Gated implements RangeTask<Long> {
    final Map<Long, CompletableFuture<Long>> started = new ConcurrentHashMap<>();
    final ActorRef<Started> starts;

    Gated(ActorRef<Started> starts) {
      this.starts = starts;
    }

    @Override
    public String name() {
      return "gated";
    }

    @Override
    public String description() {
      return "waits for the test";
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      throw new AssertionError("a worker actor starts an overlapping task with computeAsync");
    }

    @Override
    public boolean overlaps(TaskParams params) {
      return true;
    }

    @Override
    public CompletionStage<Long> computeAsync(TaskParams params, long from, long to) {
      int running = (int) started.values().stream().filter(f -> !f.isDone()).count();
      CompletableFuture<Long> result = new CompletableFuture<>();
      started.put(from, result);
      starts.tell(new Started(from, running));
      return result;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  @Test
  void aTaskThatOverlaps_runsOverlapPartitionsAtOnce_andStartsTheNextWhenOneFinishes() {
    TestProbe<Started> starts = TESTKIT.createTestProbe();
    Gated task = new Gated(starts.getRef());
    BoundTask bound = new BoundTask(task, TaskParams.validate("gated", List.of(), Map.of()));
    ActorRef<WorkerCommand> worker = TESTKIT.spawn(Worker.create(ref -> bound, SETTINGS));
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    worker.tell(new WorkerCommand.Offer("job-3", new TaskRef("gated", Map.of()), coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-3", List.of(
        new Partition("job-3", 0, 1, new LongRange(0, 1)),
        new Partition("job-3", 1, 1, new LongRange(1, 2)),
        new Partition("job-3", 2, 1, new LongRange(2, 3)))));

    assertEquals(2, SETTINGS.overlap(), "conf/scatter.conf: scatter.worker.overlap");
    starts.expectMessage(new Started(0, 0));
    starts.expectMessage(new Started(1, 1));

    task.started.get(1L).complete(10L);
    List<PartitionOutcome> first = collectOutcomes(coordinator, 1);
    assertEquals(10L, ((PartitionOutcome.Completed) first.get(0)).value());
    assertEquals(1, first.get(0).index());
    // Had the third started beside the first two, it would have found two running, not one.
    starts.expectMessage(new Started(2, 1));

    task.started.get(0L).completeExceptionally(new IllegalStateException("lost"));
    task.started.get(2L).complete(30L);
    List<PartitionOutcome> rest = collectOutcomes(coordinator, 2);
    PartitionOutcome.Failed failed = (PartitionOutcome.Failed) rest.stream()
        .filter(PartitionOutcome.Failed.class::isInstance).findFirst().orElseThrow();
    assertEquals(0, failed.index());
    assertTrue(failed.error().startsWith("IllegalStateException: lost"), failed.error());
    assertTrue(rest.stream().anyMatch(o -> o.index() == 2 && ((PartitionOutcome.Completed) o).value().equals(30L)));
  }

  /** The next Return, past the pulls for more that the worker sent before it was told to drain. */
  private static CoordinatorCommand.Return nextReturn(TestProbe<CoordinatorCommand> coordinator) {
    while (true) {
      CoordinatorCommand message = coordinator.receiveMessage();
      if (message instanceof CoordinatorCommand.Return handedBack) {
        return handedBack;
      }
      assertTrue(((CoordinatorCommand.Pull) message).outcomes().isEmpty(), "no result before the drain: " + message);
    }
  }

  @Test
  void drain_handsBackWhatIsQueued_finishesWhatRuns_andIsDrainedOnceEveryReturnIsConfirmed() {
    TestProbe<Started> starts = TESTKIT.createTestProbe();
    Gated task = new Gated(starts.getRef());
    BoundTask bound = new BoundTask(task, TaskParams.validate("gated", List.of(), Map.of()));
    ActorRef<WorkerCommand> worker = TESTKIT.spawn(Worker.create(ref -> bound, SETTINGS));
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    TestProbe<Worker.Drained> drained = TESTKIT.createTestProbe();
    worker.tell(new WorkerCommand.Offer("job-d", new TaskRef("gated", Map.of()), coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-d", List.of(
        new Partition("job-d", 0, 1, new LongRange(0, 1)),
        new Partition("job-d", 1, 1, new LongRange(1, 2)),
        new Partition("job-d", 2, 1, new LongRange(2, 3)))));
    starts.expectMessage(new Started(0, 0));
    starts.expectMessage(new Started(1, 1));

    worker.tell(new Worker.Drain(drained.getRef()));

    CoordinatorCommand.Return handedBack = nextReturn(coordinator);
    assertEquals(List.of(2L), handedBack.indices(), "the queued, unstarted partition goes back");
    worker.tell(new WorkerCommand.ReturnReceived("job-d"));
    worker.tell(new WorkerCommand.Offer("job-new", new TaskRef("gated", Map.of()), coordinator.getRef()));
    CoordinatorCommand.Return declined = coordinator.expectMessageClass(CoordinatorCommand.Return.class);
    assertEquals("job-new", declined.jobId(), "a job offered while leaving is declined at once");
    worker.tell(new WorkerCommand.ReturnReceived("job-new"));
    task.started.get(1L).complete(11L);
    CoordinatorCommand.Pull result = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(0, result.want(), "a leaving worker asks for nothing");
    assertEquals(1L, result.outcomes().get(0).index());
    coordinator.expectMessageClass(CoordinatorCommand.Return.class);
    worker.tell(new WorkerCommand.ReturnReceived("job-d"));
    drained.expectNoMessage(Duration.ofMillis(100));

    task.started.get(0L).complete(10L);
    assertEquals(0L, coordinator.expectMessageClass(CoordinatorCommand.Pull.class).outcomes().get(0).index());
    coordinator.expectMessageClass(CoordinatorCommand.Return.class);
    drained.expectNoMessage(Duration.ofMillis(50));
    worker.tell(new WorkerCommand.ReturnReceived("job-d"));
    drained.expectMessage(Worker.Drained.INSTANCE);
    starts.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void drain_jobThatEndsBeforeConfirmingItsReturn_isOwedNothing() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    TestProbe<Worker.Drained> drained = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-e", PRIMES, coordinator.getRef()));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);

    worker.tell(new Worker.Drain(drained.getRef()));
    assertEquals("job-e", nextReturn(coordinator).jobId());
    drained.expectNoMessage(Duration.ofMillis(50));
    // The coordinator finished before it read the Return: it will never confirm it.
    worker.tell(new WorkerCommand.JobEnded("job-e"));

    drained.expectMessage(Worker.Drained.INSTANCE);
  }

  /**
   * Counts a partition's elements and moves the worker's hand clock by {@code nanos}: partitions
   * that take exactly as long as the test says. Logs "name@from" as each starts; the partition at
   * 0 of a gated task waits for the test to open the gate, so the test can fill the mailbox first.
   */
  private static final class Timed implements RangeTask<Long> {
    final String name;
    final AtomicLong clock;
    final long nanos;
    final List<String> log;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch gate;

    Timed(String name, AtomicLong clock, Duration each, List<String> log, boolean gated) {
      this.name = name;
      this.clock = clock;
      this.nanos = each.toNanos();
      this.log = log;
      this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    BoundTask bound() {
      return new BoundTask(this, TaskParams.validate(name, List.of(), Map.of()));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "takes a set time on the test's clock";
    }

    @Override
    public Long identity() {
      return 0L;
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      log.add(name + "@" + from);
      if (from == 0) {
        started.countDown();
        try {
          if (!gate.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      clock.addAndGet(nanos);
      return to - from;
    }

    @Override
    public Long combine(Long left, Long right) {
      return left + right;
    }
  }

  /** A worker on a hand clock that runs the given tasks, found by name. */
  private static ActorRef<WorkerCommand> spawnWorker(AtomicLong clock, WorkerSettings settings, Timed... tasks) {
    Map<String, BoundTask> byName = new HashMap<>();
    for (Timed task : tasks) {
      byName.put(task.name, task.bound());
    }
    return TESTKIT.spawn(Worker.create(ref -> byName.get(ref.name()), settings, new HandTicker(clock::get)));
  }

  private static List<Partition> partitions(String jobId, int count) {
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      partitions.add(new Partition(jobId, i, 1, new LongRange(i, i + 1)));
    }
    return partitions;
  }

  private static Map<Long, Object> values(List<PartitionOutcome> outcomes) {
    Map<Long, Object> values = new TreeMap<>();
    for (PartitionOutcome outcome : outcomes) {
      values.put(outcome.index(), ((PartitionOutcome.Completed) outcome).value());
    }
    return values;
  }

  /** Starts job A with {@code count} partitions on a gated task and returns once its first one runs. */
  private static void startGated(ActorRef<WorkerCommand> worker, Timed a, TestProbe<CoordinatorCommand> coordinatorA,
      int count) throws InterruptedException {
    worker.tell(new WorkerCommand.Offer("job-a", new TaskRef(a.name, Map.of()), coordinatorA.getRef()));
    coordinatorA.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-a", partitions("job-a", count)));
    assertTrue(a.started.await(10, TimeUnit.SECONDS), "job A's first partition started");
  }

  @Test
  void aSecondJobOfferedWhileTheFirstRuns_keepsTheFirstsQueue_andBothDeliverEveryResult() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    // Each partition takes longer than a mailbox interval: the worker reads its mailbox after every one.
    Duration each = SETTINGS.mailboxInterval().plusMillis(10);
    Timed a = new Timed("task-a", clock, each, log, true);
    Timed b = new Timed("task-b", clock, each, log, false);
    ActorRef<WorkerCommand> worker = spawnWorker(clock, SETTINGS, a, b);
    TestProbe<CoordinatorCommand> coordinatorA = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> coordinatorB = TESTKIT.createTestProbe();
    startGated(worker, a, coordinatorA, 4);

    // While A's first partition runs, a second coordinator offers its job: A still has three queued.
    worker.tell(new WorkerCommand.Offer("job-b", new TaskRef(b.name, Map.of()), coordinatorB.getRef()));
    worker.tell(new WorkerCommand.Assign("job-b", partitions("job-b", 4)));
    a.gate.countDown();

    assertEquals(Map.of(0L, 1L, 1L, 1L, 2L, 1L, 3L, 1L), values(collectOutcomes(coordinatorA, 4)));
    assertEquals(Map.of(0L, 1L, 1L, 1L, 2L, 1L, 3L, 1L), values(collectOutcomes(coordinatorB, 4)));
    // Equal weights, equal partitions: B joins with no debt and runs next, then they take turns.
    assertEquals(List.of("task-a@0", "task-b@0", "task-a@1", "task-b@1", "task-a@2", "task-b@2", "task-a@3",
        "task-b@3"), log);
  }

  @Test
  void jobEndedForOneJob_dropsOnlyItsQueue_andTheOtherJobRunsToTheEnd() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Duration each = SETTINGS.mailboxInterval().plusMillis(10);
    Timed a = new Timed("task-a", clock, each, log, true);
    Timed b = new Timed("task-b", clock, each, log, false);
    ActorRef<WorkerCommand> worker = spawnWorker(clock, SETTINGS, a, b);
    TestProbe<CoordinatorCommand> coordinatorA = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> coordinatorB = TESTKIT.createTestProbe();
    startGated(worker, a, coordinatorA, 4);

    worker.tell(new WorkerCommand.Offer("job-b", new TaskRef(b.name, Map.of()), coordinatorB.getRef()));
    worker.tell(new WorkerCommand.Assign("job-b", partitions("job-b", 4)));
    worker.tell(new WorkerCommand.JobEnded("job-a")); // A is cancelled with three partitions still queued here
    a.gate.countDown();

    assertEquals(Map.of(0L, 1L, 1L, 1L, 2L, 1L, 3L, 1L), values(collectOutcomes(coordinatorB, 4)));
    assertEquals(List.of("task-a@0", "task-b@0", "task-b@1", "task-b@2", "task-b@3"), log,
        "none of A's queued partitions ran after its JobEnded");
    // Partitions of the ended job still in flight are dropped too.
    worker.tell(new WorkerCommand.Assign("job-a", partitions("job-a", 2)));
    worker.tell(new WorkerCommand.Assign("job-b", List.of(new Partition("job-b", 4, 1, new LongRange(4, 5)))));
    assertEquals(Map.of(4L, 1L), values(collectOutcomes(coordinatorB, 1)));
    assertEquals("task-b@4", log.get(log.size() - 1));
    assertTrue(log.stream().noneMatch(run -> run.equals("task-a@1") || run.equals("task-a@2")), log.toString());
  }

  @Test
  void twoJobsOfWeightsThreeToOne_pullThreeTimesAsManyPartitionsAtTheSamePace() {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    // 400 ms of prefetch at 10 ms a partition: 40 partitions queued in all, 30 for A and 10 for B.
    WorkerSettings settings = new WorkerSettings(SETTINGS.dispatcher(), Duration.ofMillis(400), 1, 1024, 0,
        SETTINGS.flushInterval(), SETTINGS.maxResultsPerMessage(), SETTINGS.slice(), SETTINGS.mailboxInterval(), SETTINGS.progressInterval(),
        SETTINGS.overlap(), 0.2, SETTINGS.turn());
    Timed a = new Timed("task-a", clock, Duration.ofMillis(10), log, false);
    Timed b = new Timed("task-b", clock, Duration.ofMillis(10), log, false);
    ActorRef<WorkerCommand> worker = spawnWorker(clock, settings, a, b);
    TestProbe<CoordinatorCommand> coordinatorA = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> coordinatorB = TESTKIT.createTestProbe();
    worker.tell(new WorkerCommand.Offer("job-a", new TaskRef(a.name, Map.of()), coordinatorA.getRef(), 3));
    worker.tell(new WorkerCommand.Offer("job-b", new TaskRef(b.name, Map.of()), coordinatorB.getRef(), 1));
    // Nothing measured yet: each asks for the minimum.
    assertEquals(1, coordinatorA.expectMessageClass(CoordinatorCommand.Pull.class).want());
    assertEquals(1, coordinatorB.expectMessageClass(CoordinatorCommand.Pull.class).want());

    worker.tell(new WorkerCommand.Assign("job-a", List.of(new Partition("job-a", 1, 1, new LongRange(1, 2)))));
    CoordinatorCommand.Pull refillA = coordinatorA.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-b", List.of(new Partition("job-b", 1, 1, new LongRange(1, 2)))));
    CoordinatorCommand.Pull refillB = coordinatorB.expectMessageClass(CoordinatorCommand.Pull.class);

    assertEquals(1, refillA.outcomes().size());
    assertEquals(30, refillA.want(), "three quarters of the window");
    assertEquals(1, refillB.outcomes().size());
    assertEquals(10, refillB.want(), "a quarter of the window");
  }

  /** A partition of primes no worker finishes in a lifetime: 10^17 numbers near the top of the longs. */
  private static Partition endless(String jobId, long index) {
    return new Partition(jobId, index, 1, new LongRange(Long.MAX_VALUE - 100_000_000_000_000_000L, Long.MAX_VALUE));
  }

  /** The first message of {@code type} from the worker, past the pulls and progress it sends meanwhile. */
  private static <T extends CoordinatorCommand> T next(TestProbe<CoordinatorCommand> coordinator, Class<T> type) {
    while (true) {
      CoordinatorCommand message = coordinator.receiveMessage(Duration.ofSeconds(10));
      if (type.isInstance(message)) {
        return type.cast(message);
      }
    }
  }

  /** Offers job-huge (progress every 100 ms) and assigns it an endless partition; returns its first progress report. */
  private static CoordinatorCommand.Progress startEndless(ActorRef<WorkerCommand> worker,
      TestProbe<CoordinatorCommand> huge) {
    worker.tell(new WorkerCommand.Offer("job-huge", PRIMES, huge.getRef(), 1, "", 100));
    huge.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-huge", List.of(endless("job-huge", 0))));
    CoordinatorCommand.Progress progress = next(huge, CoordinatorCommand.Progress.class);
    assertTrue(progress.done() > 0, "it runs: " + progress);
    return progress;
  }

  @Test
  void jobEndedDuringAnEndlessPartition_freesTheWorkerForTheNextJobAtOnce() {
    TestProbe<CoordinatorCommand> huge = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> small = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    startEndless(worker, huge);

    worker.tell(new WorkerCommand.JobEnded("job-huge"));
    worker.tell(new WorkerCommand.Offer("job-small", PRIMES, small.getRef()));
    small.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-small", List.of(new Partition("job-small", 0, 1, new LongRange(0, 100)))));
    assertEquals(List.of(25L), collectOutcomes(small, 1).stream()
        .map(outcome -> ((PartitionOutcome.Completed) outcome).value()).toList());
    // What it reported before it read the JobEnded may still come (a loaded machine delays that read).
    untilQuiet(huge);
    huge.expectNoMessage(Duration.ofMillis(300)); // no more progress: the endless partition is gone
  }

  @Test
  void aSmallJobBesideAnEndlessPartition_getsItsTurn_whileTheEndlessOneKeepsItsPlace() {
    TestProbe<CoordinatorCommand> huge = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> small = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    long doneBefore = startEndless(worker, huge).done();

    worker.tell(new WorkerCommand.Offer("job-small", PRIMES, small.getRef()));
    small.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign("job-small", List.of(
        new Partition("job-small", 0, 1, new LongRange(0, 1_000_000)))));
    // Past the progress it reports if, beside the endless one, it runs longer than a progress interval.
    assertEquals(Map.of(0L, 78_498L), results(small, 1));

    CoordinatorCommand.Progress later = next(huge, CoordinatorCommand.Progress.class);
    assertEquals(0, later.index(), "the same partition, paused and resumed");
    assertTrue(Long.compareUnsigned(later.done(), doneBefore) > 0, "still advancing: " + later.done());
    worker.tell(new WorkerCommand.JobEnded("job-huge"));
  }

  @Test
  void drainDuringALongPartition_handsBackTheRestWithTheResultOfWhatRan() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    TestProbe<Worker.Drained> drained = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    worker.tell(new WorkerCommand.Offer("job-l", PRIMES, coordinator.getRef(), 1, "", 100));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    long to = 2_000_000_000_000L;
    worker.tell(new WorkerCommand.Assign("job-l", List.of(new Partition("job-l", 0, 1, new LongRange(0, to)),
        new Partition("job-l", 1, 1, new LongRange(to, to + 10)))));
    next(coordinator, CoordinatorCommand.Progress.class);

    worker.tell(new Worker.Drain(drained.getRef()));
    CoordinatorCommand.Return handedBack = next(coordinator, CoordinatorCommand.Return.class);
    assertEquals(List.of(1L), handedBack.indices());
    PartialResult part = handedBack.begun().get(0);
    assertTrue(part.upTo() > 0 && part.upTo() < to, "up to " + part.upTo());
    BoundTask primes = TaskRegistry.load().bind(PRIMES);
    assertEquals(primes.compute(new LongRange(0, part.upTo())), part.value(), "the primes below " + part.upTo());
    worker.tell(new WorkerCommand.ReturnReceived("job-l"));
    drained.expectMessage(Worker.Drained.INSTANCE);
  }

  /** Where the coordinators of the tests below listen for lifelines; nothing does (lifelines are off here). */
  private static final String LIFELINE_A = "10.0.0.1:7355";
  private static final String LIFELINE_B = "10.0.0.2:7355";

  /**
   * Tells the workers spawned so far that this node's lifeline to {@code hostPort} closed, the way
   * {@link Lifelines} does: on the classic event stream, so the close is in their mailboxes when
   * this returns. First a fence through the stream, so their subscriptions are in place.
   */
  private static void lifelineCloses(String hostPort) {
    TestProbe<Lifelines.Closed> fence = TESTKIT.createTestProbe();
    Lifelines.Closed marker = new Lifelines.Closed("fence-" + System.identityHashCode(fence) + ":0");
    TESTKIT.system().eventStream().tell(new EventStream.Subscribe<>(Lifelines.Closed.class, fence.getRef()));
    TESTKIT.system().eventStream().tell(new EventStream.Publish<>(marker));
    fence.expectMessage(marker);
    TESTKIT.system().eventStream().tell(new EventStream.Unsubscribe<>(fence.getRef()));
    Adapter.toClassic(TESTKIT.system()).eventStream().publish(new Lifelines.Closed(hostPort));
  }

  /**
   * Everything {@code coordinator} receives until it has heard nothing for a while; at most 100
   * messages, so a worker that never stops talking fails the caller's next check instead of hanging it.
   */
  private static List<CoordinatorCommand> untilQuiet(TestProbe<CoordinatorCommand> coordinator) {
    List<CoordinatorCommand> received = new ArrayList<>();
    while (received.size() < 100) {
      try {
        received.add(coordinator.receiveMessage(Duration.ofMillis(300)));
      } catch (AssertionError quiet) {
        return received;
      }
    }
    return received;
  }

  /** Offers {@code jobId} (progress every 100 ms) and assigns it an endless partition (0) and a small one (1) behind it. */
  private static void startEndlessWithOneQueued(ActorRef<WorkerCommand> worker, String jobId,
      TestProbe<CoordinatorCommand> coordinator, String lifeline) {
    worker.tell(new WorkerCommand.Offer(jobId, PRIMES, coordinator.getRef(), 1, lifeline, 100));
    coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    worker.tell(new WorkerCommand.Assign(jobId, List.of(endless(jobId, 0),
        new Partition(jobId, 1, 1, new LongRange(0, 100)))));
    CoordinatorCommand.Progress progress = next(coordinator, CoordinatorCommand.Progress.class);
    assertEquals(List.of(1L), progress.queued(), "the small partition waits behind the endless one");
  }

  /** The values of the partitions {@code coordinator} is sent, until it has {@code expected} of them. */
  private static Map<Long, Object> results(TestProbe<CoordinatorCommand> coordinator, int expected) {
    Map<Long, Object> results = new TreeMap<>();
    while (results.size() < expected) {
      CoordinatorCommand message = coordinator.receiveMessage(Duration.ofSeconds(10));
      if (message instanceof CoordinatorCommand.Pull pull) {
        results.putAll(values(pull.outcomes()));
      }
    }
    return results;
  }

  @Test
  void aClosedLifeline_dropsTheJobsOfTheCoordinatorBehindIt_andNoOtherCoordinatorsJobs() {
    TestProbe<CoordinatorCommand> gone = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> other = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    startEndlessWithOneQueued(worker, "job-gone", gone, LIFELINE_A);
    startEndlessWithOneQueued(worker, "job-other", other, LIFELINE_B);

    lifelineCloses(LIFELINE_A);

    // The other coordinator's job runs on, its endless partition and the one queued behind it included.
    worker.tell(new WorkerCommand.Assign("job-other", List.of(new Partition("job-other", 2, 1, new LongRange(0, 10)))));
    assertTrue(next(other, CoordinatorCommand.Progress.class).done() > 0);
    List<CoordinatorCommand> toGone = untilQuiet(gone);
    assertTrue(toGone.stream().noneMatch(m -> m instanceof CoordinatorCommand.Pull pull && !pull.outcomes().isEmpty()),
        "nothing of the dropped job completes: " + toGone);
    gone.expectNoMessage(Duration.ofMillis(300)); // its endless partition runs no more: no progress
    CoordinatorCommand.Progress stillRuns = next(other, CoordinatorCommand.Progress.class);
    assertEquals(0, stillRuns.index());
    assertEquals(List.of(1L, 2L), stillRuns.queued());
    worker.tell(new WorkerCommand.JobEnded("job-other"));
  }

  @Test
  void aJobDroppedWithItsLifeline_isServedAfreshWhenItsCoordinatorOffersItAgain() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    startEndlessWithOneQueued(worker, "job-blip", coordinator, LIFELINE_A);

    // A blip: the coordinator reset the line and requeued what the worker held; the line opens
    // again and it offers the job again.
    lifelineCloses(LIFELINE_A);
    worker.tell(new WorkerCommand.Offer("job-blip", PRIMES, coordinator.getRef(), 1, LIFELINE_A, 100));

    CoordinatorCommand.Pull afresh = next(coordinator, CoordinatorCommand.Pull.class);
    assertEquals(SETTINGS.prefetchMin(), afresh.want(), "asked afresh, as a new job: " + afresh);
    worker.tell(new WorkerCommand.Assign("job-blip", List.of(new Partition("job-blip", 2, 2, new LongRange(0, 100)))));
    assertEquals(Map.of(2L, 25L), results(coordinator, 1), "the partitions it held were dropped; the new one runs");
    List<CoordinatorCommand> after = untilQuiet(coordinator);
    assertTrue(after.stream().noneMatch(CoordinatorCommand.Progress.class::isInstance), "the endless one is gone: "
        + after);
  }

  @Test
  void anOfferOfAKnownJobFromAnotherCoordinator_dropsWhatWasHeldForTheOld_andServesTheNew() {
    TestProbe<CoordinatorCommand> dead = TESTKIT.createTestProbe();
    TestProbe<CoordinatorCommand> resumed = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    startEndlessWithOneQueued(worker, "job-r", dead, LIFELINE_A);

    // A coordinator restarted on its journal resumes the job under the same id, from a new actor.
    worker.tell(new WorkerCommand.Offer("job-r", PRIMES, resumed.getRef(), 1, LIFELINE_B, 100));

    CoordinatorCommand.Pull first = resumed.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(SETTINGS.prefetchMin(), first.want());
    assertTrue(first.outcomes().isEmpty(), first.outcomes().toString());
    worker.tell(new WorkerCommand.Assign("job-r", List.of(new Partition("job-r", 1, 1, new LongRange(100, 200)))));
    assertEquals(Map.of(1L, 21L), results(resumed, 1));
    List<CoordinatorCommand> toDead = untilQuiet(dead);
    assertTrue(toDead.stream().noneMatch(m -> m instanceof CoordinatorCommand.Pull pull && !pull.outcomes().isEmpty()),
        "nothing more for the old coordinator: " + toDead);
    dead.expectNoMessage(Duration.ofMillis(300)); // the old run of the endless partition stopped
    List<CoordinatorCommand> toResumed = untilQuiet(resumed);
    assertTrue(toResumed.stream().noneMatch(CoordinatorCommand.Progress.class::isInstance), toResumed.toString());
  }

  @Test
  void anOfferOfAKnownJobFromItsOwnCoordinator_keepsTheQueueAndTheBegunPartition_andAsksAfresh() {
    TestProbe<CoordinatorCommand> coordinator = TESTKIT.createTestProbe();
    ActorRef<WorkerCommand> worker = spawnWorker();
    startEndlessWithOneQueued(worker, "job-k", coordinator, LIFELINE_A);
    long doneBefore = next(coordinator, CoordinatorCommand.Progress.class).done();

    worker.tell(new WorkerCommand.Offer("job-k", PRIMES, coordinator.getRef(), 1, LIFELINE_A, 100));

    CoordinatorCommand.Pull afresh = next(coordinator, CoordinatorCommand.Pull.class);
    assertTrue(afresh.want() > 0, "asks again: " + afresh);
    CoordinatorCommand.Progress later = next(coordinator, CoordinatorCommand.Progress.class);
    assertEquals(0, later.index(), "the same partition runs on");
    assertTrue(Long.compareUnsigned(later.done(), doneBefore) > 0, "from where it was: " + later.done());
    assertEquals(List.of(1L), later.queued(), "the queued one kept");
    worker.tell(new WorkerCommand.JobEnded("job-k"));
  }
}

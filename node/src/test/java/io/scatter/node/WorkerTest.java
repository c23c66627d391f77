package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.BoundTask;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.TaskRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A worker actor driven by a test probe standing in for the coordinator. */
final class WorkerTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ScatterConfig.load());
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
}

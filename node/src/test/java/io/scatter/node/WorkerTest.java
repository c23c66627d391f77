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
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    coordinator.expectNoMessage(Duration.ofMillis(200));
  }
}

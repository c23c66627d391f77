package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.ScatterConfig;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The coordinator actor driven by test probes standing in for workers. */
final class JobCoordinatorTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ScatterConfig.load());
  private static final CoordinatorSettings FAST_LEASE_CHECKS = new CoordinatorSettings(Duration.ofMillis(20),
      Duration.ofMillis(300), "pekko.actor.default-dispatcher");

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static Job job(long partitions, Duration lease) {
    JobSpec spec = new JobSpec(new TaskRef("spin", Map.of("ns", "0")), Optional.of(new LongRange(0, partitions)),
        new Split.IntoCount(partitions), 3, lease);
    return Job.prepare(spec, TaskRegistry.load());
  }

  private record Harness(Job job, ActorRef<CoordinatorCommand> coordinator, TestProbe<JobOutcome> outcome) { }

  private static Harness start(Job job, List<TestProbe<WorkerCommand>> workers) {
    TestProbe<JobOutcome> outcome = TESTKIT.createTestProbe();
    List<ActorRef<WorkerCommand>> refs = workers.stream().map(TestProbe::getRef).toList();
    ActorRef<CoordinatorCommand> coordinator =
        TESTKIT.spawn(JobCoordinator.create(job, refs, FAST_LEASE_CHECKS, outcome.getRef(), ProgressListener.NONE));
    workers.forEach(w -> w.expectMessageClass(WorkerCommand.Offer.class));
    return new Harness(job, coordinator, outcome);
  }

  private static List<Partition> pull(Harness h, TestProbe<WorkerCommand> worker, List<PartitionOutcome> done, int want) {
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), h.job().id(), done, want));
    return worker.expectMessageClass(WorkerCommand.Assign.class).partitions();
  }

  private static List<PartitionOutcome> complete(List<Partition> partitions) {
    List<PartitionOutcome> outcomes = new ArrayList<>();
    for (Partition p : partitions) {
      outcomes.add(new PartitionOutcome.Completed(p.index(), p.attempt(), p.range().size(), 1_000));
    }
    return outcomes;
  }

  @Test
  void dropsAndCountsALateDuplicateResult() {
    TestProbe<WorkerCommand> worker = TESTKIT.createTestProbe();
    Harness h = start(job(3, Duration.ofMinutes(1)), List.of(worker));
    List<Partition> first = pull(h, worker, List.of(), 2);
    List<PartitionOutcome> results = complete(first);
    List<PartitionOutcome> twice = new ArrayList<>(results);
    twice.addAll(results);
    List<Partition> last = pull(h, worker, twice, 1);
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), h.job().id(), complete(last), 0));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(3L, done.value());
    assertEquals(2, done.stats().duplicates());
    worker.expectMessageClass(WorkerCommand.JobEnded.class);
  }

  @Test
  void redispatchesAnExpiredLeaseToAnotherWorkerAndDropsTheLateOriginal() {
    TestProbe<WorkerCommand> frozen = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> healthy = TESTKIT.createTestProbe();
    Harness h = start(job(1, Duration.ofMillis(100)), List.of(frozen, healthy));
    List<Partition> held = pull(h, frozen, List.of(), 1);
    // The healthy worker asks while nothing is free; it is answered once the frozen lease expires.
    List<Partition> retried = pull(h, healthy, List.of(), 1);
    assertEquals(held.get(0).index(), retried.get(0).index());
    assertEquals(2, retried.get(0).attempt());
    h.coordinator().tell(new CoordinatorCommand.Pull(healthy.getRef(), h.job().id(), complete(retried), 0));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(1, done.stats().retries());
    assertEquals(1L, done.value());
  }

  @Test
  void redispatchesTheLeasesOfAWorkerThatStops() {
    TestProbe<WorkerCommand> dying = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> survivor = TESTKIT.createTestProbe();
    Harness h = start(job(4, Duration.ofMinutes(1)), List.of(dying, survivor));
    List<Partition> lost = pull(h, dying, List.of(), 2);
    List<Partition> own = pull(h, survivor, List.of(), 2);
    h.coordinator().tell(new CoordinatorCommand.Pull(survivor.getRef(), h.job().id(), complete(own), 2));
    dying.stop();
    List<Partition> taken = survivor.expectMessageClass(WorkerCommand.Assign.class).partitions();
    assertEquals(lost.stream().map(Partition::index).toList(), taken.stream().map(Partition::index).toList());
    assertTrue(taken.stream().allMatch(p -> p.attempt() == 2));
    h.coordinator().tell(new CoordinatorCommand.Pull(survivor.getRef(), h.job().id(), complete(taken), 0));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(4L, done.value());
    assertEquals(2, done.stats().retries());
  }

  @Test
  void failsClearlyWhenEveryWorkerIsGoneAndNoneComesBack() {
    TestProbe<WorkerCommand> only = TESTKIT.createTestProbe();
    Harness h = start(job(2, Duration.ofMinutes(1)), List.of(only));
    pull(h, only, List.of(), 1);
    only.stop();
    JobOutcome.Failed failed = (JobOutcome.Failed) h.outcome().receiveMessage();
    assertTrue(failed.error().startsWith("no workers for job " + h.job().id() + " within"), failed.error());
    assertTrue(failed.error().endsWith("0 of 2 partitions had finished"), failed.error());
  }

  @Test
  void ignoresMessagesOfAnotherJob() {
    TestProbe<WorkerCommand> worker = TESTKIT.createTestProbe();
    Harness h = start(job(1, Duration.ofMinutes(1)), List.of(worker));
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), "other-job",
        List.of(new PartitionOutcome.Completed(0, 1, 99L, 1)), 1));
    worker.expectNoMessage(Duration.ofMillis(100));
    List<Partition> mine = pull(h, worker, List.of(), 1);
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), h.job().id(), complete(mine), 0));
    assertEquals(1L, ((JobOutcome.Succeeded) h.outcome().receiveMessage()).value());
  }
}

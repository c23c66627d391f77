package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.node.ScatterConfig;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's time-driven behaviour (lease expiry, waiting for workers) with time moved by
 * hand: Pekko's {@link ManualTime} fires the coordinator's timers, a {@link ManualTicker} is the
 * clock its leases are stamped with. Nothing here sleeps or depends on how fast the machine is.
 */
final class JobCoordinatorTimeTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ManualTime.config().withFallback(ScatterConfig.load()));
  private static final ManualTime TIME = ManualTime.get(TESTKIT.system());
  private static final Duration LEASE = Duration.ofMinutes(1);
  /** The shipped settings: with time moved by hand, the real intervals cost nothing to wait for. */
  private static final CoordinatorSettings SETTINGS = CoordinatorSettings.from(ScatterConfig.load());
  private static final Duration CHECK = SETTINGS.leaseCheckInterval();
  private static final Duration WORKER_WAIT = SETTINGS.workerWait();

  private final ManualTicker ticker = new ManualTicker();

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private record Harness(Job job, ActorRef<CoordinatorCommand> coordinator, TestProbe<JobOutcome> outcome) {

    List<Partition> pull(TestProbe<WorkerCommand> worker, int want) {
      coordinator.tell(new CoordinatorCommand.Pull(worker.getRef(), job.id(), List.of(), want));
      return worker.expectMessageClass(WorkerCommand.Assign.class).partitions();
    }

    void complete(TestProbe<WorkerCommand> worker, List<Partition> partitions) {
      List<PartitionOutcome> done = partitions.stream().<PartitionOutcome>map(p ->
          new PartitionOutcome.Completed(p.index(), p.attempt(), p.range().size(), 1_000)).toList();
      coordinator.tell(new CoordinatorCommand.Pull(worker.getRef(), job.id(), done, 0));
    }
  }

  private Harness start(long partitions, List<TestProbe<WorkerCommand>> workers) {
    return start(partitions, workers, false);
  }

  private Harness start(long partitions, List<TestProbe<WorkerCommand>> workers, boolean speculation) {
    JobSpec spec = new JobSpec(new TaskRef("spin", Map.of("ns", "0")), Optional.of(new LongRange(0, partitions)),
        new Split.IntoCount(partitions), 3, LEASE, speculation);
    Job job = Job.prepare(spec, TaskRegistry.load());
    TestProbe<JobOutcome> outcome = TESTKIT.createTestProbe();
    ActorRef<CoordinatorCommand> coordinator = TESTKIT.spawn(JobCoordinator.create(job,
        workers.stream().map(TestProbe::getRef).toList(), SETTINGS, outcome.getRef(), ProgressListener.NONE, ticker));
    workers.forEach(w -> w.expectMessageClass(WorkerCommand.Offer.class));
    return new Harness(job, coordinator, outcome);
  }

  /** Moves both clocks: the ticker leases are measured with, then Pekko's, which fires due timers. */
  private void timePasses(Duration duration) {
    ticker.advance(duration);
    TIME.timePasses(duration);
  }

  @Test
  void keepsALeaseThatHasNotRunOutAndRedispatchesItTheMomentItHas() {
    TestProbe<WorkerCommand> frozen = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> healthy = TESTKIT.createTestProbe();
    Harness h = start(1, List.of(frozen, healthy));
    Partition held = h.pull(frozen, 1).get(0);
    h.coordinator().tell(new CoordinatorCommand.Pull(healthy.getRef(), h.job().id(), List.of(), 1));

    // Exactly the lease: not yet run out, so no copy goes to the waiting worker.
    timePasses(LEASE);
    TIME.expectNoMessageFor(CHECK, healthy);

    ticker.advance(Duration.ofNanos(1));
    TIME.timePasses(CHECK);
    Partition retried = healthy.expectMessageClass(WorkerCommand.Assign.class).partitions().get(0);
    assertEquals(held.index(), retried.index());
    assertEquals(2, retried.attempt());

    h.complete(healthy, List.of(retried));
    h.complete(frozen, List.of(held));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(1L, done.value());
    assertEquals(1, done.stats().retries());
  }

  @Test
  void aLateOriginalAfterTheRetryWonIsCountedAsADuplicate() {
    TestProbe<WorkerCommand> frozen = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> healthy = TESTKIT.createTestProbe();
    Harness h = start(3, List.of(frozen, healthy));
    List<Partition> held = h.pull(frozen, 1);
    List<Partition> own = h.pull(healthy, 1);
    timePasses(LEASE.plus(CHECK));
    h.complete(healthy, own);
    List<Partition> retried = h.pull(healthy, 1);
    assertEquals(held.get(0).index(), retried.get(0).index());
    h.complete(healthy, retried);
    h.complete(frozen, held);
    h.complete(healthy, h.pull(healthy, 1));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(3L, done.value());
    assertEquals(1, done.stats().duplicates());
  }

  @Test
  void copiesAStragglerToAnIdleWorkerOnceItIsOlderThanTheSpeculationMinimum() {
    TestProbe<WorkerCommand> straggler = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> idle = TESTKIT.createTestProbe();
    Harness h = start(1, List.of(straggler, idle), true);
    Partition held = h.pull(straggler, 1).get(0);
    h.coordinator().tell(new CoordinatorCommand.Pull(idle.getRef(), h.job().id(), List.of(), 1));

    Duration minAge = SETTINGS.speculationMinAge();
    timePasses(minAge.minus(CHECK));
    TIME.expectNoMessageFor(Duration.ZERO, idle);
    timePasses(CHECK);
    Partition copy = idle.expectMessageClass(WorkerCommand.Assign.class).partitions().get(0);
    assertEquals(held.index(), copy.index());
    assertEquals(2, copy.attempt());

    h.complete(idle, List.of(copy));
    JobOutcome.Succeeded done = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals(1L, done.value());
    assertEquals(1, done.stats().speculated());
    assertEquals(0, done.stats().retries(), "a copy is not a retry");
  }

  @Test
  void waitsTheConfiguredTimeForAWorkerThenFailsNamingProgress() {
    TestProbe<WorkerCommand> only = TESTKIT.createTestProbe();
    Harness h = start(2, List.of(only));
    h.pull(only, 1);
    // The wait starts when the coordinator hears the worker is gone; the log line says it has.
    LoggingTestKit.warn("has no workers left").expect(TESTKIT.system(), () -> {
      only.stop();
      return null;
    });
    TIME.expectNoMessageFor(WORKER_WAIT.minus(CHECK), h.outcome());
    timePasses(CHECK);
    JobOutcome.Failed failed = (JobOutcome.Failed) h.outcome().receiveMessage();
    assertEquals("no workers for job " + h.job().id() + " within " + WORKER_WAIT.toSeconds()
        + " s; 0 of 2 partitions had finished", failed.error());
  }

  /** The worker reports progress, and the coordinator has taken it (a fence) before the test moves time on. */
  private static void reportProgress(Harness h, TestProbe<WorkerCommand> worker, Partition running, List<Long> queued) {
    h.coordinator().tell(new CoordinatorCommand.Progress(worker.getRef(), h.job().id(), running.index(),
        running.attempt(), 1, 2, 1_000_000, queued));
    TestProbe<JobCoordinator.Leases> fence = TESTKIT.createTestProbe();
    h.coordinator().tell(new JobCoordinator.ReportLeases(fence.getRef()));
    fence.expectMessageClass(JobCoordinator.Leases.class);
  }

  @Test
  void aPartitionThatReportsProgress_keepsItsLeaseAndThoseQueuedBehindIt_pastTheLeaseTimeout() {
    TestProbe<WorkerCommand> busy = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> idle = TESTKIT.createTestProbe();
    Harness h = start(3, List.of(busy, idle));
    List<Partition> held = h.pull(busy, 2);
    List<Partition> other = h.pull(idle, 1);
    h.complete(idle, other);
    h.coordinator().tell(new CoordinatorCommand.Pull(idle.getRef(), h.job().id(), List.of(), 1));

    for (int i = 0; i < 8; i++) { // two leases' worth of time, reported every quarter lease
      timePasses(LEASE.dividedBy(4));
      reportProgress(h, busy, held.get(0), List.of(held.get(1).index()));
    }
    TIME.expectNoMessageFor(CHECK, idle);

    h.complete(busy, held);
    assertEquals(3L, ((JobOutcome.Succeeded) h.outcome().receiveMessage()).value());
  }

  @Test
  void aPartitionWhoseWorkerFallsSilent_losesItsLeaseAsBefore_whateverItReportedEarlier() {
    TestProbe<WorkerCommand> frozen = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> healthy = TESTKIT.createTestProbe();
    Harness h = start(1, List.of(frozen, healthy));
    Partition held = h.pull(frozen, 1).get(0);
    h.coordinator().tell(new CoordinatorCommand.Pull(healthy.getRef(), h.job().id(), List.of(), 1));
    timePasses(LEASE.dividedBy(2));
    reportProgress(h, frozen, held, List.of());

    timePasses(LEASE.plus(CHECK)); // frozen: nothing more from it
    Partition retried = healthy.expectMessageClass(WorkerCommand.Assign.class).partitions().get(0);
    assertEquals(held.index(), retried.index());
    h.complete(healthy, List.of(retried));
    assertEquals(1L, ((JobOutcome.Succeeded) h.outcome().receiveMessage()).value());
  }
}

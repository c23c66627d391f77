package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.scatter.testing.TestConfig;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.PartialResult;
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

/** The coordinator actor driven by test probes standing in for workers; its timed behaviour is in {@link JobCoordinatorTimeTest}. */
final class JobCoordinatorTest {

  private static final Config CONFIG = TestConfig.load();
  private static final ActorTestKit TESTKIT = ActorTestKit.create(CONFIG);
  private static final CoordinatorSettings FAST_LEASE_CHECKS = CoordinatorSettings.from(CONFIG);

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static Job job(long partitions, Duration lease) {
    // No speculation: these tests run on the wall clock and assert exact assignments, which a copy of a
    // partition out for over a second (a loaded machine) would change; JobCoordinatorTimeTest covers it.
    JobSpec spec = new JobSpec(new TaskRef("spin", Map.of("ns", "0")), Optional.of(new LongRange(0, partitions)),
        new Split.IntoCount(partitions), 3, lease, false);
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

  @Test
  void cancelEndsTheJobOnEveryWorkerAndReportsWhatHadCompleted() {
    TestProbe<WorkerCommand> busy = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> idle = TESTKIT.createTestProbe();
    Harness h = start(job(6, Duration.ofMinutes(1)), List.of(busy, idle));
    List<Partition> first = pull(h, busy, List.of(), 2);
    pull(h, busy, complete(first), 2);
    h.coordinator().tell(JobCoordinator.Cancel.INSTANCE);
    JobOutcome.Cancelled cancelled = (JobOutcome.Cancelled) h.outcome().receiveMessage();
    assertEquals(2, cancelled.partitionsDone());
    assertEquals(6, cancelled.stats().partitions());
    assertEquals(h.job().id(), busy.expectMessageClass(WorkerCommand.JobEnded.class).jobId());
    assertEquals(h.job().id(), idle.expectMessageClass(WorkerCommand.JobEnded.class).jobId());
    // The job is over: a late pull, with results and asking for more, gets nothing.
    h.coordinator().tell(new CoordinatorCommand.Pull(busy.getRef(), h.job().id(), List.of(), 2));
    busy.expectNoMessage(Duration.ofMillis(200));
    h.outcome().expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aLeavingWorkerHandsBackABegunPartition_onlyTheRestRunsAgain_andTheAnswerIsExact() {
    TestProbe<WorkerCommand> leaver = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> stayer = TESTKIT.createTestProbe();
    Harness h = start(TestTasks.job("test-concat", Map.of(), new LongRange(0, 100), 2, 3), List.of(leaver, stayer));
    List<Partition> held = pull(h, leaver, List.of(), 2);
    assertEquals(List.of(new LongRange(0, 50)), held.stream().map(Partition::range).toList(), "its even share");

    h.coordinator().tell(new CoordinatorCommand.Return(leaver.getRef(), h.job().id(), List.of(),
        List.of(new PartialResult(0, 1, 30, "0-30;", 1_000, 900))));
    leaver.expectMessageClass(WorkerCommand.ReturnReceived.class);

    List<Partition> rest = pull(h, stayer, List.of(), 2);
    assertEquals(List.of(new LongRange(30, 50), new LongRange(50, 100)), rest.stream().map(Partition::range).toList(),
        "the begun partition's rest first, then the one not yet dispatched");
    assertTrue(rest.get(0).attempt() > 1, "the rest runs under a new attempt");
    List<PartitionOutcome> done = List.of(
        new PartitionOutcome.Completed(0, rest.get(0).attempt(), "30-50;", 1_000),
        new PartitionOutcome.Completed(1, rest.get(1).attempt(), "50-100;", 1_000));
    h.coordinator().tell(new CoordinatorCommand.Pull(stayer.getRef(), h.job().id(), done, 0));

    JobOutcome.Succeeded succeeded = (JobOutcome.Succeeded) h.outcome().receiveMessage();
    assertEquals("0-30;30-50;50-100;", succeeded.value());
    assertEquals(0, succeeded.stats().retries(), "handing back is no retry");
  }

  @Test
  void aWorkerHeardFromWhileItsLifelineWasClosed_isOfferedTheJobAgainWhenTheLineOpens() {
    TestProbe<WorkerCommand> worker = TESTKIT.createTestProbe();
    Harness h = start(job(4, Duration.ofMinutes(1)), List.of(worker));
    String node = worker.getRef().path().address().toString();
    pull(h, worker, List.of(), 2);
    h.coordinator().tell(new JobCoordinator.NodeLifeline(node, false));
    // A pull the worker sent before its node saw the line close: heard from, it is active again.
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), h.job().id(), List.of(), 0));
    worker.expectMessageClass(WorkerCommand.Offer.class);

    h.coordinator().tell(new JobCoordinator.NodeLifeline(node, true));

    // Its node dropped the job when it saw the close, after that pull: without this offer it would
    // never pull for the job again.
    assertEquals(h.job().id(), worker.expectMessageClass(WorkerCommand.Offer.class).jobId());
    List<Partition> all = pull(h, worker, List.of(), 4);
    assertEquals(4, all.size(), "what it held when the line closed runs again");
    h.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), h.job().id(), complete(all), 0));
    assertEquals(4L, ((JobOutcome.Succeeded) h.outcome().receiveMessage()).value());
  }
}

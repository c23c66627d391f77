package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The one way jobs run, driven by test probes standing in for workers. */
final class JobSupervisorTest {

  private static final Config CONFIG = TestConfig.load();
  private static final ActorTestKit TESTKIT = ActorTestKit.create(CONFIG);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static ActorRef<JobSupervisor.Command> supervisor() {
    return TESTKIT.spawn(JobSupervisor.create(CoordinatorSettings.from(CONFIG), Ticker.system()));
  }

  private static Job job(long partitions) {
    JobSpec spec = new JobSpec(new TaskRef("spin", Map.of("ns", "0")), Optional.of(new LongRange(0, partitions)),
        new Split.IntoCount(partitions), 3, Duration.ofMinutes(1));
    return Job.prepare(spec, TaskRegistry.load());
  }

  /** A job started, once its worker has the offer. */
  private record Started(Job job, TestProbe<WorkerCommand> worker, ActorRef<CoordinatorCommand> coordinator,
      CompletableFuture<JobOutcome> done) {

    /** The worker runs the whole one-partition job: pulls it, then hands in its result. */
    void runToTheEnd() {
      coordinator.tell(new CoordinatorCommand.Pull(worker.getRef(), job.id(), List.of(), 1));
      Partition partition = worker.expectMessageClass(WorkerCommand.Assign.class).partitions().get(0);
      coordinator.tell(new CoordinatorCommand.Pull(worker.getRef(), job.id(), List.of(new PartitionOutcome.Completed(
          partition.index(), partition.attempt(), partition.range().size(), 1_000)), 0));
    }

    JobOutcome outcome() throws Exception {
      return done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static Started start(ActorRef<JobSupervisor.Command> jobs, Job job, TestProbe<WorkerCommand> worker) {
    CompletableFuture<JobOutcome> done = new CompletableFuture<>();
    jobs.tell(new JobSupervisor.Start(job, List.of(worker.getRef()), ProgressListener.NONE, done));
    WorkerCommand.Offer offer = worker.expectMessageClass(WorkerCommand.Offer.class);
    assertEquals(job.id(), offer.jobId());
    return new Started(job, worker, offer.coordinator(), done);
  }

  @Test
  void cancellingOneJobLeavesTheOtherToEndWithItsOwnOutcome() throws Exception {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    Started cancelled = start(jobs, job(1), TESTKIT.createTestProbe());
    Started finished = start(jobs, job(1), TESTKIT.createTestProbe());
    jobs.tell(new JobSupervisor.Cancel(cancelled.job().id()));
    assertInstanceOf(JobOutcome.Cancelled.class, cancelled.outcome());
    assertEquals(cancelled.job().id(), cancelled.worker().expectMessageClass(WorkerCommand.JobEnded.class).jobId());
    finished.worker().expectNoMessage(Duration.ofMillis(100));
    finished.runToTheEnd();
    assertInstanceOf(JobOutcome.Succeeded.class, finished.outcome());
  }

  @Test
  void refusesASecondStartOfAJobStillRunning_andTheFirstRunsOn() throws Exception {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    Job job = job(1);
    TestProbe<WorkerCommand> worker = TESTKIT.createTestProbe();
    Started first = start(jobs, job, worker);
    CompletableFuture<JobOutcome> again = new CompletableFuture<>();
    jobs.tell(new JobSupervisor.Start(job, List.of(worker.getRef()), ProgressListener.NONE, again));
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> again.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("job " + job.id() + " is already running", refused.getCause().getMessage());
    first.runToTheEnd();
    assertInstanceOf(JobOutcome.Succeeded.class, first.outcome());
  }

  @Test
  void startsAJobAgainTheMomentItEnded_whileItsFirstActorsMayStillBeStopping() throws Exception {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    Job job = job(1);
    for (int round = 0; round < 20; round++) {
      Started started = start(jobs, job, TESTKIT.createTestProbe());
      started.runToTheEnd();
      assertInstanceOf(JobOutcome.Succeeded.class, started.outcome(), "round " + round);
    }
  }

  @Test
  void cancellingAnEndedOrUnknownJobChangesNothing() throws Exception {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    Started running = start(jobs, job(1), TESTKIT.createTestProbe());
    jobs.tell(new JobSupervisor.Cancel("no-such-job"));
    running.worker().expectNoMessage(Duration.ofMillis(100));
    running.runToTheEnd();
    assertInstanceOf(JobOutcome.Succeeded.class, running.outcome());
    running.worker().expectMessageClass(WorkerCommand.JobEnded.class);
    jobs.tell(new JobSupervisor.Cancel(running.job().id()));
    running.worker().expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void tellsEveryRunningJobTheNews() {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    TestProbe<WorkerCommand> first = TESTKIT.createTestProbe();
    TestProbe<WorkerCommand> second = TESTKIT.createTestProbe();
    Started one = start(jobs, job(1), first);
    Started other = start(jobs, job(1), second);
    TestProbe<WorkerCommand> newcomer = TESTKIT.createTestProbe();
    jobs.tell(new JobSupervisor.TellAll(new JobCoordinator.WorkersChanged(
        Set.of(first.getRef(), second.getRef(), newcomer.getRef()))));
    Set<String> offered = Set.of(newcomer.expectMessageClass(WorkerCommand.Offer.class).jobId(),
        newcomer.expectMessageClass(WorkerCommand.Offer.class).jobId());
    assertEquals(Set.of(one.job().id(), other.job().id()), offered);
  }

  @Test
  void reportsWhatEachWorkerHoldsOfTheJobsRunning() throws Exception {
    ActorRef<JobSupervisor.Command> jobs = supervisor();
    TestProbe<WorkerCommand> worker = TESTKIT.createTestProbe();
    Started running = start(jobs, job(2), worker);
    running.coordinator().tell(new CoordinatorCommand.Pull(worker.getRef(), running.job().id(), List.of(), 1));
    worker.expectMessageClass(WorkerCommand.Assign.class);
    NodeReport self = new NodeReport(NodeReport.IN_PROCESS, Optional.empty(), List.of("worker"), "up", true, true,
        List.of());
    CompletableFuture<List<NodeReport>> nodes = new CompletableFuture<>();
    jobs.tell(new JobSupervisor.ReportNodes(List.of(self), List.of(worker.getRef()), NodeReport.IN_PROCESS, WAIT,
        nodes));
    List<NodeReport> report = nodes.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(1, report.size());
    NodeReport.Worker listed = report.get(0).workers().get(0);
    assertEquals(List.of(new NodeReport.Work(running.job().id(), 1)), listed.jobs());
  }
}

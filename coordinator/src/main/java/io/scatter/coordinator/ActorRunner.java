package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.ClusterMember;
import io.scatter.node.Worker;
import io.scatter.node.WorkerPool;
import io.scatter.node.WorkerSettings;
import io.scatter.node.util.ActorSystems;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code actors} mode: an actor system in this JVM with one worker actor per core, each on its own
 * dedicated thread, and a {@link JobCoordinator} per job they pull from. Messages are passed by
 * reference; nothing is serialized. The system is started before the clock starts and lives until
 * {@link #close()}; runs from several threads go on at once and share the workers.
 */
public final class ActorRunner implements JobRunner, JobBackend {

  private sealed interface Command { }

  /** Run this job and complete this future with its outcome. */
  private record Start(Job job, ProgressListener progress, CompletableFuture<JobOutcome> done) implements Command { }

  /** Cancel this job if it is running. */
  private record Cancel(String jobId) implements Command { }

  /** Complete this future with the one in-process node, its workers and what each holds. */
  private record ReportNodes(Duration patience, CompletableFuture<List<NodeReport>> done) implements Command { }

  private final Config config;
  private final int workers;
  private final TaskRegistry registry;
  private final Ticker ticker;
  private final ExecutionSettings execution;
  private ActorSystem<Command> system;
  /** The jobs {@link #system} is running; guarded by this, like it. */
  private PendingJobs pending;

  public ActorRunner(Config config, int workers, TaskRegistry registry) {
    this(config, workers, registry, Ticker.system());
  }

  /** @param ticker what the job coordinators and the run's measurement read the time from */
  public ActorRunner(Config config, int workers, TaskRegistry registry, Ticker ticker) {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    this.config = config;
    this.workers = workers;
    this.registry = registry;
    this.ticker = ticker;
    this.execution = ExecutionSettings.from(config);
  }

  @Override
  public ExecutionMode mode() {
    return ExecutionMode.ACTORS;
  }

  @Override
  public RunResult run(Job job, ProgressListener progress) {
    system();
    return Measurement.measure(ticker, mode(), workers, job, () -> Futures.await(start(job, progress), "the coordinator"));
  }

  @Override
  public void open() {
    system();
  }

  @Override
  public CompletableFuture<JobOutcome> start(Job job, ProgressListener progress) {
    ActorSystem<Command> running;
    CompletableFuture<JobOutcome> done;
    synchronized (this) {
      running = system();
      done = pending.add(job);
    }
    if (!done.isDone()) { // done already: refused (the same id running) or the system stopped
      running.tell(new Start(job, progress, done));
    }
    return done;
  }

  @Override
  public void cancel(String jobId) {
    ActorSystem<Command> running;
    synchronized (this) {
      running = system;
    }
    if (running != null) {
      running.tell(new Cancel(jobId));
    }
  }

  /** {@inheritDoc} In-process: one node, this JVM, with the worker pool. */
  @Override
  public CompletableFuture<List<NodeReport>> nodes(Duration patience) {
    CompletableFuture<List<NodeReport>> done = new CompletableFuture<>();
    system().tell(new ReportNodes(patience, done));
    return done;
  }

  /** One actor system and worker pool serve every run of this runner. */
  private synchronized ActorSystem<Command> system() {
    if (system == null) {
      system = ActorSystem.create(guardian(WorkerSettings.from(config), CoordinatorSettings.from(config)), "scatter",
          config);
      // Closed under a running job: its coordinator is gone and would never answer.
      pending = new PendingJobs(system, job -> "the actor system stopped before job " + job.id() + " finished");
    }
    return system;
  }

  @Override
  public synchronized void close() {
    if (system != null) {
      // The answer is already in hand; a slow shutdown must not turn it into an error.
      ActorSystems.terminateAndWait(system, execution.shutdownTimeout());
      system = null;
      pending = null;
    }
  }

  /** Keeps the worker pool and hands every job to a {@link JobSupervisor} with it. */
  private Behavior<Command> guardian(WorkerSettings workerSettings, CoordinatorSettings coordinatorSettings) {
    return Behaviors.setup(context -> {
      // Results pass by reference here: a task of uploaded jars must be of the coordinator's own loader, not fetched.
      Worker.TaskResolver resolver = registry.runsUploadedCode() ? Worker.TaskResolver.bindingUploadedCode(registry::bind)
          : registry::bind;
      List<ActorRef<WorkerCommand>> pool = WorkerPool.spawn(context, workers, resolver, workerSettings, ticker);
      ActorRef<JobSupervisor.Command> jobs = context.spawn(JobSupervisor.create(coordinatorSettings, ticker), "jobs");
      // Its failure is the guardian's: the system stops, and PendingJobs fails the jobs it ran.
      context.watch(jobs);
      NodeReport self = new NodeReport(NodeReport.IN_PROCESS, Optional.empty(),
          List.of(ClusterMember.COORDINATOR_ROLE, ClusterMember.WORKER_ROLE), "up", true, true, List.of());
      return Behaviors.receive(Command.class)
          .onMessage(Start.class, start -> {
            jobs.tell(new JobSupervisor.Start(start.job(), pool, start.progress(), start.done()));
            return Behaviors.same();
          })
          .onMessage(Cancel.class, cancel -> {
            jobs.tell(new JobSupervisor.Cancel(cancel.jobId()));
            return Behaviors.same();
          })
          .onMessage(ReportNodes.class, report -> {
            jobs.tell(new JobSupervisor.ReportNodes(List.of(self), pool, NodeReport.IN_PROCESS, report.patience(),
                report.done()));
            return Behaviors.same();
          })
          .build();
    });
  }
}

package io.scatter.coordinator;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.WorkerCommand;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The one way a job runs, in-process ({@link ActorRunner}) and in a cluster ({@link ClusterDriver}):
 * starts each job under its own {@link JobCoordinator} on the coordinator dispatcher, cancels it,
 * completes its future once with its outcome and forgets it. Whoever spawns it keeps what is theirs
 * (a worker pool, or the Receptionist listing and the lifelines) and says which workers a job starts
 * with; news for every job running (workers changed, a lifeline closed) goes through {@link TellAll}.
 */
final class JobSupervisor {

  sealed interface Command { }

  /** Run {@code job} on {@code workers} and complete {@code done} with its outcome; other jobs may be running. */
  record Start(Job job, List<ActorRef<WorkerCommand>> workers, ProgressListener progress,
      CompletableFuture<JobOutcome> done) implements Command {
    Start {
      workers = List.copyOf(workers);
    }
  }

  /** Cancel a running job (see {@link JobCoordinator.Cancel}); an ended or unknown one is left alone. */
  record Cancel(String jobId) implements Command { }

  /** Tell every job running this; a job started later does not hear it. */
  record TellAll(CoordinatorCommand news) implements Command { }

  /**
   * Complete {@code done} with {@code members}, {@code workers} and what each worker holds of the jobs
   * running (see {@link NodeCensus}, which says what the arguments are), within about {@code patience}.
   */
  record ReportNodes(List<NodeReport> members, List<ActorRef<WorkerCommand>> workers, String selfAddress,
      Duration patience, CompletableFuture<List<NodeReport>> done) implements Command { }

  private record Ended(String jobId, JobOutcome outcome) implements Command { }

  /** A job's coordinator and the future its outcome completes. */
  private record Running(ActorRef<CoordinatorCommand> coordinator, CompletableFuture<JobOutcome> done) { }

  private final ActorContext<Command> context;
  private final CoordinatorSettings settings;
  private final Ticker ticker;
  private final Map<String, Running> running = new HashMap<>();
  /**
   * Jobs started so far, in the names of their actors: a job's actors may still be stopping when its
   * id is started again (a resume, a rerun the moment it ended), and two live actors cannot share a name.
   */
  private long started;

  private JobSupervisor(ActorContext<Command> context, CoordinatorSettings settings, Ticker ticker) {
    this.context = context;
    this.settings = settings;
    this.ticker = ticker;
  }

  /**
   * @param settings what every job's coordinator runs with, its dispatcher too
   * @param ticker   what the coordinators read the time from
   */
  static Behavior<Command> create(CoordinatorSettings settings, Ticker ticker) {
    return Behaviors.setup(context -> new JobSupervisor(context, settings, ticker).supervising());
  }

  private Behavior<Command> supervising() {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, this::onStart)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(TellAll.class, this::onTellAll)
        .onMessage(ReportNodes.class, this::onReportNodes)
        .onMessage(Ended.class, this::onEnded)
        .build();
  }

  private Behavior<Command> onStart(Start start) {
    String jobId = start.job().id();
    if (running.containsKey(jobId)) {
      // Ids are fresh per run (Job.prepare, Job.rerun); the same one twice is a caller's bug, not a second job.
      start.done().completeExceptionally(new IllegalStateException("job " + jobId + " is already running"));
      return Behaviors.same();
    }
    // A child per job, not a message adapter: an actor keeps one adapter per message class, so a
    // second job's adapter would replace the first's and its outcome would be told under the wrong id.
    String name = jobId + "-" + ++started;
    ActorRef<JobOutcome> reporter = context.spawn(reporting(context.getSelf(), jobId), "reporter-" + name);
    ActorRef<CoordinatorCommand> coordinator = context.spawn(
        JobCoordinator.create(start.job(), start.workers(), settings, reporter, start.progress(), ticker),
        "coordinator-" + name, DispatcherSelector.fromConfig(settings.dispatcher()));
    running.put(jobId, new Running(coordinator, start.done()));
    return Behaviors.same();
  }

  private static Behavior<JobOutcome> reporting(ActorRef<Command> supervisor, String jobId) {
    return Behaviors.receiveMessage(outcome -> {
      supervisor.tell(new Ended(jobId, outcome));
      return Behaviors.stopped();
    });
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    Running job = running.get(cancel.jobId());
    if (job != null) {
      job.coordinator().tell(JobCoordinator.Cancel.INSTANCE);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onTellAll(TellAll tell) {
    running.values().forEach(job -> job.coordinator().tell(tell.news()));
    return Behaviors.same();
  }

  private Behavior<Command> onReportNodes(ReportNodes report) {
    Map<String, ActorRef<CoordinatorCommand>> coordinators = new HashMap<>();
    running.forEach((jobId, job) -> coordinators.put(jobId, job.coordinator()));
    NodeCensus.start(context, coordinators, report.members(), report.workers(), report.selfAddress(),
        report.patience(), report.done());
    return Behaviors.same();
  }

  /** The job's one outcome (its reporter answers once and stops): forget the job, then complete its future. */
  private Behavior<Command> onEnded(Ended ended) {
    Running job = running.remove(ended.jobId());
    if (job != null) {
      job.done().complete(ended.outcome());
    }
    return Behaviors.same();
  }
}

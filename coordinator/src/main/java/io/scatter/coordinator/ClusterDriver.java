package io.scatter.coordinator;

import io.scatter.node.Worker;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.WorkerCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The guardian of a coordinator JVM in cluster mode: follows the Receptionist listing of workers
 * across the cluster, says when it has settled, and runs any number of jobs at once on whatever
 * workers are reachable, each under its own {@link JobCoordinator}, passing every later change of
 * the listing on to all of them. The workers share themselves among the jobs (see the node's FairShare).
 */
final class ClusterDriver {

  sealed interface Command { }

  /** Run a job and complete {@code done} with its outcome; other jobs may be running. */
  record RunJob(Job job, ProgressListener progress, CompletableFuture<JobOutcome> done) implements Command { }

  /** Cancel a running job (see {@link JobCoordinator.Cancel}); an ended or unknown one is left alone. */
  record CancelJob(String jobId) implements Command { }

  private record ListingChanged(Receptionist.Listing listing) implements Command { }

  private enum Settled implements Command { INSTANCE }

  private record JobDone(String jobId, JobOutcome outcome) implements Command { }

  /** A job's coordinator and the future its outcome completes. */
  private record Running(ActorRef<CoordinatorCommand> coordinator, CompletableFuture<JobOutcome> done) { }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final CoordinatorSettings settings;
  private final Duration settle;
  private final CompletableFuture<Integer> ready;
  private final Map<String, Running> running = new HashMap<>();
  private Set<ActorRef<WorkerCommand>> reachable = Set.of();

  private ClusterDriver(ActorContext<Command> context, TimerScheduler<Command> timers, CoordinatorSettings settings,
      Duration settle, CompletableFuture<Integer> ready) {
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.settle = settle;
    this.ready = ready;
  }

  /**
   * @param ready completed with the worker count once the listing is non-empty and has not changed
   *              for {@code settle}, so a first job starts with every node's workers, not the first to gossip
   */
  static Behavior<Command> create(CoordinatorSettings settings, Duration settle, CompletableFuture<Integer> ready) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
      context.getSystem().receptionist().tell(Receptionist.subscribe(Worker.SERVICE_KEY, adapter));
      return new ClusterDriver(context, timers, settings, settle, ready).driving();
    }));
  }

  private Behavior<Command> driving() {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, this::onListing)
        .onMessageEquals(Settled.INSTANCE, this::onSettled)
        .onMessage(RunJob.class, this::onRunJob)
        .onMessage(JobDone.class, this::onJobDone)
        .onMessage(CancelJob.class, this::onCancelJob)
        .build();
  }

  private Behavior<Command> onListing(ListingChanged changed) {
    reachable = Set.copyOf(changed.listing().getServiceInstances(Worker.SERVICE_KEY));
    running.values().forEach(job -> job.coordinator().tell(new JobCoordinator.WorkersChanged(reachable)));
    if (!ready.isDone() && !reachable.isEmpty()) {
      timers.startSingleTimer(Settled.INSTANCE, settle);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onSettled() {
    ready.complete(reachable.size());
    return Behaviors.same();
  }

  private Behavior<Command> onRunJob(RunJob run) {
    String jobId = run.job().id();
    if (running.containsKey(jobId)) {
      // Ids are fresh per run (Job.prepare, Job.rerun); the same one twice is a caller's bug, not a second job.
      run.done().completeExceptionally(new IllegalStateException("job " + jobId + " is already running"));
      return Behaviors.same();
    }
    // A child per job, not a message adapter: an actor keeps one adapter per message class, so a
    // second job's adapter would replace the first's and its outcome would be told under the wrong id.
    ActorRef<JobOutcome> reporter = context.spawn(reporting(context.getSelf(), jobId), "reporter-" + jobId);
    ActorRef<CoordinatorCommand> coordinator = context.spawn(
        JobCoordinator.create(run.job(), List.copyOf(reachable), settings, reporter, run.progress()),
        "coordinator-" + jobId, DispatcherSelector.fromConfig(settings.dispatcher()));
    running.put(jobId, new Running(coordinator, run.done()));
    return Behaviors.same();
  }

  private static Behavior<JobOutcome> reporting(ActorRef<Command> driver, String jobId) {
    return Behaviors.receiveMessage(outcome -> {
      driver.tell(new JobDone(jobId, outcome));
      return Behaviors.stopped();
    });
  }

  private Behavior<Command> onCancelJob(CancelJob cancel) {
    Running job = running.get(cancel.jobId());
    if (job != null) {
      job.coordinator().tell(JobCoordinator.Cancel.INSTANCE);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onJobDone(JobDone done) {
    Running job = running.remove(done.jobId());
    if (job != null) {
      job.done().complete(done.outcome());
    }
    return Behaviors.same();
  }
}

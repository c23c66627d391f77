package io.scatter.coordinator;

import io.scatter.node.Worker;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.WorkerCommand;
import java.time.Duration;
import java.util.List;
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
 * across the cluster, says when it has settled, and runs one job at a time on whatever workers are
 * reachable, passing every later change of the listing on to that job's coordinator.
 */
final class ClusterDriver {

  sealed interface Command { }

  /** Run a job and complete {@code done} with its outcome. */
  record RunJob(Job job, ProgressListener progress, CompletableFuture<JobOutcome> done) implements Command { }

  private record ListingChanged(Receptionist.Listing listing) implements Command { }

  private enum Settled implements Command { INSTANCE }

  private record JobDone(JobOutcome outcome) implements Command { }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final CoordinatorSettings settings;
  private final Duration settle;
  private final CompletableFuture<Integer> ready;
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
      return new ClusterDriver(context, timers, settings, settle, ready).idle();
    }));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, changed -> onListing(changed, null))
        .onMessageEquals(Settled.INSTANCE, this::onSettled)
        .onMessage(RunJob.class, this::onRunJob)
        .build();
  }

  private Behavior<Command> running(ActorRef<CoordinatorCommand> coordinator, RunJob run) {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, changed -> onListing(changed, coordinator))
        .onMessageEquals(Settled.INSTANCE, this::onSettled)
        .onMessage(RunJob.class, another -> {
          another.done().completeExceptionally(new IllegalStateException("a job is already running"));
          return Behaviors.same();
        })
        .onMessage(JobDone.class, done -> {
          run.done().complete(done.outcome());
          return idle();
        })
        .build();
  }

  private Behavior<Command> onListing(ListingChanged changed, ActorRef<CoordinatorCommand> coordinator) {
    reachable = Set.copyOf(changed.listing().getServiceInstances(Worker.SERVICE_KEY));
    if (coordinator != null) {
      coordinator.tell(new JobCoordinator.WorkersChanged(reachable));
    }
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
    ActorRef<JobOutcome> reporter = context.messageAdapter(JobOutcome.class, JobDone::new);
    ActorRef<CoordinatorCommand> coordinator = context.spawn(
        JobCoordinator.create(run.job(), List.copyOf(reachable), settings, reporter, run.progress()),
        "coordinator-" + run.job().id(), DispatcherSelector.fromConfig(settings.dispatcher()));
    return running(coordinator, run);
  }
}

package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.WorkerPool;
import io.scatter.node.WorkerSettings;
import io.scatter.node.util.ActorSystems;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code actors} mode: an actor system in this JVM with one worker actor per core, each on its own
 * dedicated thread, and a {@link JobCoordinator} per job they pull from. Messages are passed by
 * reference; nothing is serialized. The system is started before the clock starts and lives until
 * {@link #close()}; runs from several threads go on at once and share the workers.
 */
public final class ActorRunner implements JobRunner {


  /** Guardian's only message: run this job and complete this future with its outcome. */
  private record Start(Job job, ProgressListener progress, CompletableFuture<JobOutcome> done) { }

  private final Config config;
  private final int workers;
  private final TaskRegistry registry;
  private ActorSystem<Start> system;

  public ActorRunner(Config config, int workers, TaskRegistry registry) {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    this.config = config;
    this.workers = workers;
    this.registry = registry;
  }

  @Override
  public ExecutionMode mode() {
    return ExecutionMode.ACTORS;
  }

  @Override
  public RunResult run(Job job, ProgressListener progress) {
    ActorSystem<Start> running = start();
    return Measurement.measure(mode(), workers, job, () -> {
      CompletableFuture<JobOutcome> done = new CompletableFuture<>();
      running.tell(new Start(job, progress, done));
      return Futures.await(done, "the coordinator");
    });
  }

  /** One actor system and worker pool serve every run of this runner. */
  private synchronized ActorSystem<Start> start() {
    if (system == null) {
      system = ActorSystem.create(guardian(WorkerSettings.from(config), CoordinatorSettings.from(config)), "scatter",
          config);
    }
    return system;
  }

  @Override
  public synchronized void close() {
    if (system != null) {
      // The answer is already in hand; a slow shutdown must not turn it into an error.
      ActorSystems.terminateAndWait(system, config.getDuration("scatter.execution.shutdown-timeout"));
      system = null;
    }
  }

  private Behavior<Start> guardian(WorkerSettings workerSettings, CoordinatorSettings coordinatorSettings) {
    return Behaviors.setup(context -> {
      List<ActorRef<WorkerCommand>> pool = WorkerPool.spawn(context, workers, registry::bind, workerSettings);
      return Behaviors.receiveMessage(start -> {
        ActorRef<JobOutcome> reporter = context.spawn(completing(start.done()), "reporter-" + start.job().id());
        context.spawn(JobCoordinator.create(start.job(), pool, coordinatorSettings, reporter, start.progress()),
            "coordinator-" + start.job().id(), DispatcherSelector.fromConfig(coordinatorSettings.dispatcher()));
        return Behaviors.same();
      });
    });
  }

  private static Behavior<JobOutcome> completing(CompletableFuture<JobOutcome> done) {
    return Behaviors.receiveMessage(outcome -> {
      done.complete(outcome);
      return Behaviors.stopped();
    });
  }
}

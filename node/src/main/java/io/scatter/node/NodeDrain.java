package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.protocol.WorkerCommand;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A graceful leave: before this node leaves the cluster (SIGTERM, {@code cluster down}, a
 * scale-down), every worker {@link Worker.Drain drains}, so the node's jobs lose nothing and run
 * nothing twice. Runs as a task of coordinated shutdown's {@code service-requests-done} phase,
 * which comes before {@code cluster-leave}; the drain is cut short at {@code scatter.node.drain}.
 * A node being downed skips it: the others have already given it up and would not answer.
 */
public final class NodeDrain {

  static final String PHASE = CoordinatedShutdown.PhaseServiceRequestsDone();
  /** The phase's own limit lies past the drain's, so the drain ends by its deadline, not by a phase timeout. */
  private static final Duration PHASE_SLACK = Duration.ofSeconds(2);

  private NodeDrain() {
  }

  /** {@code scatter.node.drain}, checked ({@link NodeSettings}). */
  public static Duration drainTime(Config config) {
    return NodeSettings.from(config).drain();
  }

  /** The node's configuration with the shutdown phase the drain runs in allowed to last as long as it. */
  public static Config configure(Config config) {
    String key = "pekko.coordinated-shutdown.phases." + PHASE + ".timeout";
    return config.withValue(key, ConfigValueFactory.fromAnyRef(drainTime(config).plus(PHASE_SLACK).toMillis() + "ms"));
  }

  /** Adds the drain of {@code workers} to the coordinated shutdown of {@code system}. */
  static void register(ActorSystem<?> system, List<ActorRef<WorkerCommand>> workers, Ticker ticker) {
    Duration drain = drainTime(system.settings().config());
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(PHASE, "scatter-drain-workers", () -> {
      boolean downed = shutdown.getShutdownReason()
          .filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent();
      return downed || drain.isZero() ? CompletableFuture.completedFuture(Done.getInstance()) : drain(system, workers, drain, ticker);
    });
  }

  private static CompletionStage<Done> drain(ActorSystem<?> system, List<ActorRef<WorkerCommand>> workers,
      Duration drain, Ticker ticker) {
    long started = ticker.read();
    CompletableFuture<?>[] drained = workers.stream()
        .map(worker -> AskPattern.<WorkerCommand, Worker.Drained>ask(worker, Worker.Drain::new, drain,
            system.scheduler()).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(drained).handle((ok, failure) -> {
      long still = java.util.Arrays.stream(drained).filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
      if (failure == null) {
        system.log().info("drained {} worker(s) in {} ms; leaving the cluster", workers.size(),
            (ticker.read() - started) / 1_000_000);
      } else {
        system.log().warn("drain cut short after {} ms (scatter.node.drain): {} of {} worker(s) still busy; what they "
            + "run will run again elsewhere", drain.toMillis(), still, workers.size());
      }
      return Done.getInstance();
    });
  }
}

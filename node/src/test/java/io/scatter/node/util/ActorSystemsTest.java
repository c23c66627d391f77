package io.scatter.node.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

final class ActorSystemsTest {

  @Test
  void endNow_endsASystemWhoseShutdownIsStuckInAPhase() {
    // A phase that would hold the shutdown for a minute, as a leave nobody answers does.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "actor-systems-test", ConfigFactory.parseString(
        "pekko.coordinated-shutdown.phases.before-service-unbind.timeout = 60 s").withFallback(ConfigFactory.load()));
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "never-done", () -> new CompletableFuture<Done>());
    shutdown.run(CoordinatedShutdown.unknownReason());
    try {
      // terminate() joins the run under way, and so waits with it.
      system.terminate();
      assertFalse(ActorSystems.awaitTermination(system, Duration.ofMillis(500)), "terminate() ended the stuck shutdown");

      ActorSystems.endNow(system);

      assertTrue(ActorSystems.awaitTermination(system, Duration.ofSeconds(10)), "still running after endNow");
    } finally {
      ActorSystems.endNow(system); // a failed assertion must not leave a minute-long shutdown behind
    }
  }
}

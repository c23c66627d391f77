package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.scatter.time.Ticker;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

final class JoinWatchTest {

  /**
   * A member that gave up joining before anything asked for the typed Cluster extension: the
   * extension cannot be made any more (it spawns actors), and that is reported as not Up, as the
   * give-up it is, not thrown (a slow node start did so, and printed Pekko's message instead of
   * "could not join").
   */
  @Test
  void aMemberShutDownBeforeTheClusterExtensionWasAskedFor_isNotUp() {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "join-watch-test", LoopbackMember.config());
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();

    assertFalse(JoinWatch.awaitUp(system, Duration.ofSeconds(5), Ticker.system()));
  }
}

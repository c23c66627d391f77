package io.scatter.node;

import io.scatter.time.Ticker;
import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Waits, with a limit, for this JVM to become an Up member of its cluster. */
public final class JoinWatch {

  private static final long POLL_MILLIS = 50;

  private JoinWatch() {
  }

  /**
   * @param ticker what {@code limit} is measured on
   * @return true once Up; false if the limit passed or the system stopped first (it gave up joining)
   */
  public static boolean awaitUp(ActorSystem<?> system, Duration limit, Ticker ticker) {
    long deadline = ticker.read() + limit.toNanos();
    Cluster cluster;
    try {
      cluster = Cluster.get(system);
    } catch (IllegalStateException e) {
      // The typed Cluster extension spawns actors when first asked for. On a slow start the member can
      // give up joining (shutdown-after-unsuccessful-join-seed-nodes) before that, and a system that
      // is shutting down refuses new actors: it is the same failure to join, not another one.
      if (CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason().isPresent()) {
        return false;
      }
      throw e;
    }
    while (ticker.read() - deadline < 0 && !system.whenTerminated().isCompleted()) {
      if (cluster.selfMember().status() == MemberStatus.up()) {
        return true;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return cluster.selfMember().status() == MemberStatus.up();
  }
}

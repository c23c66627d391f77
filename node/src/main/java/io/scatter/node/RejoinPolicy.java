package io.scatter.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * What {@code scatter node} does when its cluster membership ends without anyone asking it to
 * stop: a node frozen (SIGSTOP, a long GC pause) or cut off long enough for the Split Brain
 * Resolver to down it. A long-lived cluster wants that node back, so it starts a new incarnation
 * (a new actor system on the same address, hence a new uid) and joins again; the old incarnation
 * is gone for good, as Pekko requires of a downed member. Read from {@code scatter.node}.
 *
 * @param enabled     {@code scatter.node.rejoin}
 * @param backoff     wait before the first attempt; doubled for each further attempt
 * @param maxBackoff  the longest wait between attempts
 * @param attempts    attempts in a row before the node gives up and exits
 */
public record RejoinPolicy(boolean enabled, Duration backoff, Duration maxBackoff, int attempts) {

  public RejoinPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("scatter.node.rejoin-attempts must be at least 1, got " + attempts);
    }
    if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("scatter.node.rejoin-backoff must be at least 0 and at most "
          + "scatter.node.rejoin-max-backoff, got " + backoff + " and " + maxBackoff);
    }
  }

  /** The policy {@code scatter.node} sets ({@link NodeSettings}). */
  public static RejoinPolicy from(Config config) {
    return NodeSettings.from(config).rejoin();
  }

  /**
   * Whether a node whose actor system ended for {@code reason} should come back. Only downing
   * qualifies (Pekko gives that reason for any end of membership other than leaving: downed by the
   * resolver or by hand, quarantined by the others). SIGTERM ({@code cluster down}) is a JVM exit,
   * a graceful leave was asked for, an incompatible configuration would be refused again, and a
   * halt never gets here.
   */
  public boolean shouldRejoin(Optional<CoordinatedShutdown.Reason> reason, boolean stopRequested) {
    return enabled && !stopRequested && reason.filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent();
  }

  /** The wait before attempt {@code attempt} (1-based): backoff, 2 x backoff, ... up to maxBackoff. */
  public Duration backoff(int attempt) {
    Duration wait = backoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /**
   * Seeds for a new incarnation: the members the last one saw, then the configured seeds, never
   * this node itself. A node that was its own seed (node-1 of a local cluster is everyone's) would
   * otherwise found a second cluster of one beside the live one: Pekko joins itself when it is the
   * first seed and no other answers. Only a node that saw no one else, and had no other seed,
   * founds the cluster again, as it did the first time.
   */
  public static List<ClusterAddress> seeds(List<ClusterAddress> configured, ClusterAddress self,
      List<ClusterAddress> lastSeen) {
    Set<ClusterAddress> seeds = new LinkedHashSet<>(lastSeen);
    seeds.addAll(configured);
    seeds.remove(self);
    return seeds.isEmpty() ? List.of(self) : new ArrayList<>(seeds);
  }
}

package io.scatter.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Every member can be downed at once while all of them live (each cut off from the rest, or a
 * coordinator's kill while the nodes briefly lose sight of each other on a loaded machine): then no
 * member is left to let the others in, and each new incarnation waits on the others for ever. So one
 * of them founds the cluster again ({@link #plan}): the node that ranks first of the nodes it last
 * saw, and only once every member it asks says it is no member (or none answers within
 * {@code foundWait}); a live cluster answers at once and is joined instead.
 *
 * @param enabled     {@code scatter.node.rejoin}
 * @param backoff     wait before the first attempt; doubled for each further attempt
 * @param maxBackoff  the longest wait between attempts
 * @param attempts    attempts in a row before the node gives up and exits
 * @param foundWait   {@code rejoin-found-wait}: how long a founding node waits for an answer from
 *                    members that give none (dead ones) before it founds the cluster alone
 */
public record RejoinPolicy(boolean enabled, Duration backoff, Duration maxBackoff, int attempts, Duration foundWait) {

  public RejoinPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("scatter.node.rejoin-attempts must be at least 1, got " + attempts);
    }
    if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("scatter.node.rejoin-backoff must be at least 0 and at most "
          + "scatter.node.rejoin-max-backoff, got " + backoff + " and " + maxBackoff);
    }
    if (foundWait.isNegative() || foundWait.isZero()) {
      throw new IllegalArgumentException("scatter.node.rejoin-found-wait must be positive, got " + foundWait);
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
   * The other members an incarnation saw last, in the order it saw them.
   *
   * @param members every other member
   * @param nodes   those of them that are worker nodes (a coordinator is a member but never founds)
   */
  public record LastSeen(List<ClusterAddress> members, Set<ClusterAddress> nodes) {
    public static final LastSeen NONE = new LastSeen(List.of(), Set.of());

    public LastSeen {
      members = List.copyOf(members);
      nodes = Set.copyOf(nodes);
    }
  }

  /**
   * How a new incarnation asks to join.
   *
   * @param seeds  Pekko's seed nodes for it; this node first when it founds (Pekko's first-seed
   *               process: join whoever answers that it is a member, else found)
   * @param founds whether it founds the cluster again should no one it asks be a member
   */
  public record Plan(List<ClusterAddress> seeds, boolean founds) {
  }

  /**
   * Seeds for attempt {@code attempt}: the members the last incarnation saw, then the configured
   * seeds, never this node itself, unless it founds. A node founds from attempt {@code r + 1} where
   * {@code r} is its rank among the nodes it saw and itself (by host, then port): the first node at
   * once, the second only if the first stayed away a whole attempt (dead, say), and so on, so two
   * nodes never found side by side. A node that saw no one else and had no other seed founds too, as
   * it did the first time.
   */
  public Plan plan(int attempt, List<ClusterAddress> configured, ClusterAddress self, LastSeen lastSeen) {
    Set<ClusterAddress> others = new LinkedHashSet<>(lastSeen.members());
    others.addAll(configured);
    others.remove(self);
    if (others.isEmpty()) {
      return new Plan(List.of(self), true);
    }
    long rank = lastSeen.nodes().stream().filter(node -> ORDER.compare(node, self) < 0).count();
    if (rank < attempt) {
      List<ClusterAddress> seeds = new ArrayList<>(List.of(self));
      seeds.addAll(others);
      return new Plan(seeds, true);
    }
    return new Plan(new ArrayList<>(others), false);
  }

  private static final Comparator<ClusterAddress> ORDER =
      Comparator.comparing(ClusterAddress::host).thenComparingInt(ClusterAddress::port);
}

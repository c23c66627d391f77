package io.scatter.node;

import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.WorkerCommand;
import io.scatter.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfRemoved;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The guardian of a worker node: spawns one worker per core on dedicated threads, registers them
 * with the Receptionist so coordinators find them, drains them before a graceful leave
 * ({@link NodeDrain}), and follows the cluster to report when this node is up and when it has left.
 */
public final class WorkerNode {

  /** Cluster events, adapted into this actor's protocol. */
  public sealed interface Event { }

  private record Up(SelfUp up) implements Event { }

  private record Removed(SelfRemoved removed) implements Event { }

  private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements Event { }

  /** Time to write the status file again: the cluster's read view can lag the event that announced a change. */
  private enum RefreshStatus implements Event { INSTANCE }

  /**
   * @param joined    completed with the worker count once this node is Up
   * @param stateDir  where to write the status file for {@code scatter cluster status}, if anywhere
   * @param peersSeen told the other members' addresses (and which are nodes) whenever membership
   *                  changes: what a new incarnation of this node joins through if this one is downed
   * @param ticker    what the workers, the drain and the status file read the time from
   */
  public static Behavior<Event> create(String name, int workers, Worker.TaskResolver resolver, WorkerSettings settings,
      Optional<Path> stateDir, CompletableFuture<Integer> joined, Consumer<RejoinPolicy.LastSeen> peersSeen,
      Ticker ticker) {
    return Behaviors.setup(context -> {
      List<ActorRef<WorkerCommand>> pool = WorkerPool.spawn(context, workers, resolver, settings, ticker);
      context.spawn(NodeControl.create(name), NodeControlCommand.PATH.substring(NodeControlCommand.PATH.lastIndexOf('/') + 1));
      pool.forEach(worker -> context.getSystem().receptionist().tell(Receptionist.register(Worker.SERVICE_KEY, worker)));
      NodeDrain.register(context.getSystem(), pool, ticker);
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(SelfUp.class, Up::new), SelfUp.class));
      cluster.subscriptions().tell(
          Subscribe.create(context.messageAdapter(SelfRemoved.class, Removed::new), SelfRemoved.class));
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.ReachabilityEvent.class, MembershipChanged::new),
          ClusterEvent.ReachabilityEvent.class));
      return Behaviors.withTimers(timers -> {
        stateDir.ifPresent(dir -> timers.startTimerWithFixedDelay(RefreshStatus.INSTANCE, statusRefresh(context)));
        return running(context, name, cluster, stateDir, pool.size(), joined, peersSeen, ticker);
      });
    });
  }

  /**
   * {@code cluster.state()} is updated by a subscriber of its own, so when this node hears that it
   * is Up the view it writes can still say Joining; with no later change the file would say so
   * forever (a revived node's launcher then waited for it in vain). Rewriting the file now and then
   * bounds that lag.
   */
  private static Duration statusRefresh(ActorContext<Event> context) {
    return ClusterSettings.from(context.getSystem().settings().config()).statusRefresh();
  }

  private static Behavior<Event> running(ActorContext<Event> context, String name, Cluster cluster,
      Optional<Path> stateDir, int workers, CompletableFuture<Integer> joined, Consumer<RejoinPolicy.LastSeen> peersSeen,
      Ticker ticker) {
    Optional<NodeStatusFile> statusFile = stateDir.map(dir -> NodeStatusFile.open(dir, name, context.getLog(), ticker));
    Runnable writeStatus = () -> statusFile.ifPresent(file -> file.write(cluster));
    return Behaviors.receive(Event.class)
        .onMessage(Up.class, up -> {
          joined.complete(workers);
          writeStatus.run();
          return Behaviors.same();
        })
        .onMessage(Removed.class, removed -> {
          context.getLog().info("{} ({}) was removed from the cluster", name, cluster.selfMember().uniqueAddress());
          return Behaviors.same();
        })
        .onMessage(MembershipChanged.class, change -> {
          writeStatus.run();
          RejoinPolicy.LastSeen peers = peers(cluster);
          if (!peers.members().isEmpty()) {
            // A downed node's last view may have dropped everyone; the fuller one before it is the better guide.
            peersSeen.accept(peers);
          }
          return Behaviors.same();
        })
        .onMessageEquals(RefreshStatus.INSTANCE, () -> {
          writeStatus.run();
          return Behaviors.same();
        })
        .build();
  }

  /** Every other member's host and port as this node sees them now, and which of them are worker nodes. */
  private static RejoinPolicy.LastSeen peers(Cluster cluster) {
    List<ClusterAddress> members = new ArrayList<>();
    Set<ClusterAddress> nodes = new HashSet<>();
    for (Member member : cluster.state().getMembers()) {
      if (!member.equals(cluster.selfMember()) && member.address().host().isDefined()) {
        ClusterAddress address = new ClusterAddress(member.address().host().get(), (Integer) member.address().port().get());
        members.add(address);
        if (member.hasRole(ClusterMember.WORKER_ROLE)) {
          nodes.add(address);
        }
      }
    }
    return new RejoinPolicy.LastSeen(members, nodes);
  }

  private WorkerNode() {
  }
}

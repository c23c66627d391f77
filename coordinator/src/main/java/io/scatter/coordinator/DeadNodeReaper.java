package io.scatter.coordinator;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Downs the nodes that are dead beyond doubt: the lifeline closed (the process is gone, or its
 * connection blipped) and the failure detector lost it (so it was no blip). The coordinator does it
 * at once, about 2 s after a kill, before the Split Brain Resolver's {@code stable-after} has run
 * out, so the resolver never weighs the dead: a coordinator whose every node was killed is not
 * downed as the minority, and kills beside a freeze leave the resolver only the frozen node to
 * decide on. A frozen or cut-off node keeps its lifeline open and stays the resolver's to judge.
 * A child of the {@link ClusterDriver}, which tells it of lifelines ({@code scatter.lifeline.down-dead-nodes}).
 */
final class DeadNodeReaper {

  sealed interface Command { }

  /** The lifeline of the node at Artery address {@code node} opened or closed. */
  record Lifeline(String node, boolean open) implements Command { }

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command { }

  private final ActorContext<Command> context;
  /** Nodes whose lifeline closed and has not opened again. */
  private final Set<Address> closed = new HashSet<>();
  /** Nodes the failure detector has lost. */
  private final Set<Address> unreachable = new HashSet<>();
  /** Downed already: once is enough. */
  private final Set<Address> downed = new HashSet<>();

  private DeadNodeReaper(ActorContext<Command> context) {
    this.context = context;
  }

  static Behavior<Command> create() {
    return Behaviors.setup(context -> {
      ActorRef<ClusterEvent.ReachabilityEvent> adapter =
          context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new);
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(adapter, ClusterEvent.ReachabilityEvent.class));
      return new DeadNodeReaper(context).reaping();
    });
  }

  private Behavior<Command> reaping() {
    return Behaviors.receive(Command.class)
        .onMessage(Lifeline.class, this::onLifeline)
        .onMessage(Reachability.class, this::onReachability)
        .build();
  }

  private Behavior<Command> onLifeline(Lifeline lifeline) {
    Address node = AddressFromURIString.parse(lifeline.node());
    if (lifeline.open()) {
      closed.remove(node);
    } else {
      closed.add(node);
      downIfDead(node);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onReachability(Reachability reachability) {
    Address node = reachability.event().member().address();
    if (reachability.event() instanceof ClusterEvent.UnreachableMember) {
      unreachable.add(node);
      downIfDead(node);
    } else {
      unreachable.remove(node);
    }
    return Behaviors.same();
  }

  private void downIfDead(Address node) {
    if (closed.contains(node) && unreachable.contains(node) && downed.add(node)) {
      context.getLog().warn("node {} is dead (its lifeline closed and the failure detector lost it): downing it", node);
      Cluster.get(context.getSystem()).manager().tell(new Down(node));
    }
  }
}

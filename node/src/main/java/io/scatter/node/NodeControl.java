package io.scatter.node;

import io.scatter.protocol.NodeControlCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.remote.RARP;
import org.apache.pekko.remote.RemoteTransport;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;

/**
 * Carries out fault injection on this node: the way a coordinator crashes, freezes or cuts off a
 * node it cannot signal itself. Lives at {@link NodeControlCommand#PATH}.
 */
public final class NodeControl {

  /** Exit status of a halted node: what a shell reports for a SIGKILLed process (128 + 9). */
  static final int HALT_STATUS = 137;

  /** The cutoff is over. */
  private record Reconnect(List<Address> peers) implements NodeControlCommand { }

  private NodeControl() {
  }

  public static Behavior<NodeControlCommand> create() {
    return Behaviors.setup(context -> Behaviors.receive(NodeControlCommand.class)
        .onMessage(NodeControlCommand.Halt.class, halt -> onHalt(context, halt))
        .onMessage(NodeControlCommand.Freeze.class, freeze -> onFreeze(context, freeze))
        .onMessage(NodeControlCommand.Cutoff.class, cutoff -> onCutoff(context, cutoff))
        .build());
  }

  private static Behavior<NodeControlCommand> onHalt(ActorContext<NodeControlCommand> context,
      NodeControlCommand.Halt halt) {
    System.err.println("halting at once: " + halt.reason());
    Runtime.getRuntime().halt(HALT_STATUS);
    return Behaviors.same();
  }

  /** SIGSTOP ourselves; a detached shell sends the SIGCONT, since a stopped JVM cannot. */
  private static Behavior<NodeControlCommand> onFreeze(ActorContext<NodeControlCommand> context,
      NodeControlCommand.Freeze freeze) {
    long pid = ProcessHandle.current().pid();
    double seconds = freeze.millis() / 1000.0;
    try {
      new ProcessBuilder("sh", "-c", "sleep " + seconds + "; kill -CONT " + pid).start();
      new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start();
    } catch (IOException e) {
      context.getLog().warn("cannot freeze this node: {}", e.getMessage());
    }
    return Behaviors.same();
  }

  /**
   * Blackholes every other member in both directions (Artery's test-mode throttler), then restores
   * them. The failure detectors on both sides see exactly what a pulled cable would show them.
   */
  private static Behavior<NodeControlCommand> onCutoff(ActorContext<NodeControlCommand> context,
      NodeControlCommand.Cutoff cutoff) {
    Cluster cluster = Cluster.get(context.getSystem());
    List<Address> peers = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      if (!member.address().equals(cluster.selfMember().address())) {
        peers.add(member.address());
      }
    }
    throttle(context, peers, ThrottlerTransportAdapter.blackholeThrottleMode());
    context.scheduleOnce(Duration.ofMillis(cutoff.millis()), context.getSelf(), new Reconnect(peers));
    return Behaviors.receive(NodeControlCommand.class)
        .onMessage(Reconnect.class, reconnect -> {
          throttle(context, reconnect.peers(), ThrottlerTransportAdapter.unthrottledThrottleMode());
          return create();
        })
        .onMessage(NodeControlCommand.Halt.class, halt -> onHalt(context, halt))
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private static void throttle(ActorContext<NodeControlCommand> context, Iterable<Address> peers,
      ThrottlerTransportAdapter.ThrottleMode mode) {
    RemoteTransport transport = ((RARP) RARP.apply(Adapter.toClassic(context.getSystem()))).provider().transport();
    for (Address peer : peers) {
      transport.managementCommand(
          new ThrottlerTransportAdapter.SetThrottle(peer, ThrottlerTransportAdapter.bothDirection(), mode));
    }
  }
}

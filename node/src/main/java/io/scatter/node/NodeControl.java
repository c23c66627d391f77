package io.scatter.node;

import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.NodeControlCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
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
 * node it cannot signal itself. Lives at {@link NodeControlCommand#PATH}. Any member of the cluster
 * can send these, so a node obeys them only when started with fault injection on
 * ({@link FaultInjection}); otherwise it refuses each one, says so in its log, answers
 * {@link FaultAnswer.Refused} and carries on.
 */
public final class NodeControl {

  /** Exit status of a halted node: what a shell reports for a SIGKILLed process (128 + 9). */
  static final int HALT_STATUS = 137;

  /** The cutoff is over. */
  private record Reconnect(List<Address> peers) implements NodeControlCommand {
    @Override
    public ActorRef<FaultAnswer> replyTo() {
      throw new UnsupportedOperationException("a timer message answers no one");
    }
  }

  private NodeControl() {
  }

  /** @param node this node's name, for its answers and its log */
  public static Behavior<NodeControlCommand> create(String node) {
    return Behaviors.setup(context -> {
      if (!FaultInjection.allowed(context.getSystem().settings().config())) {
        return refusing(node, "fault injection is off on " + node + " (it was started without --allow-fault-injection)");
      }
      return obeying(context, node);
    });
  }

  private static Behavior<NodeControlCommand> refusing(String node, String reason) {
    return Behaviors.setup(context -> Behaviors.receive(NodeControlCommand.class)
        .onAnyMessage(command -> refuse(context, node, command, reason))
        .build());
  }

  private static Behavior<NodeControlCommand> refuse(ActorContext<NodeControlCommand> context, String node,
      NodeControlCommand command, String reason) {
    context.getLog().warn("refused {} from {}: {}", describe(command), command.replyTo().path().address(), reason);
    command.replyTo().tell(new FaultAnswer.Refused(node, reason));
    return Behaviors.same();
  }

  /** For the log: the fault, without the reply ref. */
  private static String describe(NodeControlCommand command) {
    if (command instanceof NodeControlCommand.Freeze freeze) {
      return "freeze for " + freeze.millis() + " ms";
    }
    if (command instanceof NodeControlCommand.Cutoff cutoff) {
      return "cutoff for " + cutoff.millis() + " ms";
    }
    return command.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static Behavior<NodeControlCommand> obeying(ActorContext<NodeControlCommand> context, String node) {
    return Behaviors.receive(NodeControlCommand.class)
        .onMessage(NodeControlCommand.Halt.class, halt -> onHalt(context, node, halt))
        .onMessage(NodeControlCommand.Freeze.class, freeze -> onFreeze(context, node, freeze))
        .onMessage(NodeControlCommand.Cutoff.class, cutoff -> onCutoff(context, node, cutoff))
        .build();
  }

  /** Announced before it is done: the announcement usually goes down with the JVM, as a crash's would. */
  private static void obey(ActorContext<NodeControlCommand> context, String node, NodeControlCommand command) {
    context.getLog().warn("obeying {} from {}", describe(command), command.replyTo().path().address());
    command.replyTo().tell(new FaultAnswer.Obeyed(node));
  }

  private static Behavior<NodeControlCommand> onHalt(ActorContext<NodeControlCommand> context, String node,
      NodeControlCommand.Halt halt) {
    obey(context, node, halt);
    System.err.println("halting at once: " + halt.reason());
    Runtime.getRuntime().halt(HALT_STATUS);
    return Behaviors.same();
  }

  /** SIGSTOP ourselves; a detached shell sends the SIGCONT, since a stopped JVM cannot. */
  private static Behavior<NodeControlCommand> onFreeze(ActorContext<NodeControlCommand> context, String node,
      NodeControlCommand.Freeze freeze) {
    long pid = ProcessHandle.current().pid();
    double seconds = freeze.millis() / 1000.0;
    obey(context, node, freeze);
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
  private static Behavior<NodeControlCommand> onCutoff(ActorContext<NodeControlCommand> context, String node,
      NodeControlCommand.Cutoff cutoff) {
    if (!FaultInjection.testMode(context.getSystem().settings().config())) {
      return refuse(context, node, cutoff, "Artery's test-mode is off on " + node
          + " (pekko.remote.artery.advanced.test-mode), so it cannot cut itself off");
    }
    Cluster cluster = Cluster.get(context.getSystem());
    List<Address> peers = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      if (!member.address().equals(cluster.selfMember().address())) {
        peers.add(member.address());
      }
    }
    obey(context, node, cutoff);
    throttle(context, peers, ThrottlerTransportAdapter.blackholeThrottleMode());
    context.scheduleOnce(Duration.ofMillis(cutoff.millis()), context.getSelf(), new Reconnect(peers));
    return Behaviors.receive(NodeControlCommand.class)
        .onMessage(Reconnect.class, reconnect -> {
          throttle(context, reconnect.peers(), ThrottlerTransportAdapter.unthrottledThrottleMode());
          return obeying(context, node);
        })
        .onMessage(NodeControlCommand.Halt.class, halt -> onHalt(context, node, halt))
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

package io.scatter.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Fault injection a node carries out on itself when told to: what a coordinator sends to a node it
 * cannot signal directly (another machine). Each node has one control actor at {@link #PATH}. Open,
 * like {@link WorkerCommand}, so the control actor can add private timer messages.
 *
 * <p>A node obeys these only when it was started with fault injection on
 * ({@code scatter.node.allow-fault-injection}); otherwise it answers {@link FaultAnswer.Refused}
 * to {@code replyTo}, so the sender can report the fault as refused instead of as done.
 */
public interface NodeControlCommand {

  /** Where a node's control actor lives, under its guardian. */
  String PATH = "/user/control";

  /** Who gets the node's answer. */
  ActorRef<FaultAnswer> replyTo();

  /** Stop the JVM at once, as a crash would: no leaving, no shutdown hooks. */
  record Halt(String reason, ActorRef<FaultAnswer> replyTo) implements NodeControlCommand, ScatterMessage { }

  /** Stop the whole process (SIGSTOP) for this long, then let it continue (SIGCONT). */
  record Freeze(long millis, ActorRef<FaultAnswer> replyTo) implements NodeControlCommand, ScatterMessage { }

  /** Drop all traffic to and from every other member for this long: a network partition of one node. */
  record Cutoff(long millis, ActorRef<FaultAnswer> replyTo) implements NodeControlCommand, ScatterMessage { }
}

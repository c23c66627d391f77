package io.scatter.protocol;

/**
 * Fault injection a node carries out on itself when told to: what a coordinator sends to a node it
 * cannot signal directly (another machine). Each node has one control actor at {@link #PATH}. Open,
 * like {@link WorkerCommand}, so the control actor can add private timer messages.
 */
public interface NodeControlCommand {

  /** Where a node's control actor lives, under its guardian. */
  String PATH = "/user/control";

  /** Stop the JVM at once, as a crash would: no leaving, no shutdown hooks. */
  record Halt(String reason) implements NodeControlCommand, ScatterMessage { }

  /** Stop the whole process (SIGSTOP) for this long, then let it continue (SIGCONT). */
  record Freeze(long millis) implements NodeControlCommand, ScatterMessage { }

  /** Drop all traffic to and from every other member for this long: a network partition of one node. */
  record Cutoff(long millis) implements NodeControlCommand, ScatterMessage { }
}

package io.scatter.protocol;

/**
 * A node's answer to a {@link NodeControlCommand}. A refusal is always sent, and always arrives: the
 * node refusing carries on as before. An obeyed fault is announced just before it is carried out,
 * and that answer may well be lost with it (a halted JVM sends nothing more; a frozen or cut-off one
 * sends it late): only a refusal says anything for certain.
 */
public sealed interface FaultAnswer extends ScatterMessage {

  /** The node is carrying out the fault. */
  record Obeyed(String node) implements FaultAnswer { }

  /** The node did nothing; {@code reason} says why, for the fault's report. */
  record Refused(String node, String reason) implements FaultAnswer { }
}

package io.scatter.chaos;

import java.time.Duration;
import java.util.List;

/** What fault injection can do to the nodes of a cluster. */
public interface NodeFaults {

  /** Names of the live nodes that run workers, the candidates for {@link FaultSpec#RANDOM}. */
  List<String> workerNodes();

  /** The node's {@code host:port}, as it appears in its actors' addresses. */
  String address(String node);

  /** Ends the node's JVM at once: SIGKILL where we can signal it, a node-control halt where we cannot. */
  void kill(String node);

  /** Stops the node's process for {@code duration}, then lets it continue. */
  void freeze(String node, Duration duration);

  /** Drops all of the node's traffic with other members for {@code duration}. */
  void cutoff(String node, Duration duration);
}

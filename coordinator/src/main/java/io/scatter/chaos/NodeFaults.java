package io.scatter.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What fault injection can do to the nodes of a cluster. Each fault completes with the node's
 * refusal when it refused (a node started without fault injection refuses every node-control
 * message), or empty once it is carried out, as far as anyone can tell: a signal sent, or a message
 * the node did not refuse.
 */
public interface NodeFaults {

  /** Names of the live nodes that run workers, the candidates for {@link FaultSpec#RANDOM}. */
  List<String> workerNodes();

  /**
   * The candidates for {@link FaultSpec#RANDOM}: the live worker nodes holding leased partitions
   * now, so a fault lands where it has something to break; every live worker node when none does.
   */
  default List<String> randomCandidates() {
    return workerNodes();
  }

  /**
   * Whether a fault of this kind on {@code node}, still in force when the run closes these faults,
   * is undone then rather than lasting its full time on the node: the fault timeline gives such a
   * fault the time it really lasted. None is, unless an implementation says so.
   */
  default boolean endsWithTheRun(FaultSpec.Kind kind, String node) {
    return false;
  }

  /** The node's {@code host:port}, as it appears in its actors' addresses. */
  String address(String node);

  /** Ends the node's JVM at once: SIGKILL where we can signal it, a node-control halt where we cannot. */
  CompletionStage<Optional<String>> kill(String node);

  /** Stops the node's process for {@code duration}, then lets it continue. */
  CompletionStage<Optional<String>> freeze(String node, Duration duration);

  /** Drops all of the node's traffic with other members for {@code duration}. */
  CompletionStage<Optional<String>> cutoff(String node, Duration duration);
}

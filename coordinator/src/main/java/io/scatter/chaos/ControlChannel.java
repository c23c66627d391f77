package io.scatter.chaos;

import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.NodeControlCommand;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** How node-control messages reach a node's control actor, and its answer comes back. */
@FunctionalInterface
public interface ControlChannel {

  /**
   * Sends the command built around the ref its answer goes to, to the node at {@code host:port}.
   *
   * @return completes with the node's answer, or exceptionally when none came in time
   *     ({@code scatter.chaos.answer-wait})
   */
  CompletionStage<FaultAnswer> send(String hostPort, Function<ActorRef<FaultAnswer>, NodeControlCommand> command);
}

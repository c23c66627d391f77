package io.scatter.node.util;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** Waiting for an actor system to stop, for callers whose answer must not depend on a slow shutdown. */
public final class ActorSystems {

  private ActorSystems() {
  }

  /** Terminates {@code system} and waits up to {@code wait} for it; see {@link #awaitTermination}. */
  public static boolean terminateAndWait(ActorSystem<?> system, Duration wait) {
    system.terminate();
    return awaitTermination(system, wait);
  }

  /**
   * Waits up to {@code wait} for {@code system} to terminate, however it was asked to. A system that
   * will not stop in time is not worth hanging the caller for: this then returns false, and an
   * interrupt is kept for the caller to see.
   *
   * @return whether the system terminated within {@code wait}
   */
  public static boolean awaitTermination(ActorSystem<?> system, Duration wait) {
    return await(system.getWhenTerminated(), wait);
  }

  /** As {@link #awaitTermination}, for any stage of a system's end ({@code MemberStop.ownActorsStopped}). */
  public static boolean await(CompletionStage<?> end, Duration wait) {
    try {
      end.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}

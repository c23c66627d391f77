package io.scatter.node.util;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystemImpl;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

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

  /**
   * Ends {@code system} now, even while its coordinated shutdown is still in a phase: {@code terminate()}
   * then only joins that run, which waits out each phase's timeout (a leave nobody answers, a minute
   * of them), and a JVM-exit hook waiting for the system holds the JVM that long.
   */
  public static void endNow(ActorSystem<?> system) {
    ((ActorSystemImpl) Adapter.toClassic(system)).finalTerminate();
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

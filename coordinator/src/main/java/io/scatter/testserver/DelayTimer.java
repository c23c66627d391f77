package io.scatter.testserver;

import io.scatter.node.util.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The timers behind {@code /delay}: one thread that sleeps until the next response is due, for any
 * number of waiting requests. Pekko's scheduler fires on ticks (10 ms by default), so a 50 ms
 * delay lasted 51-70 ms, and ticking it every millisecond cost a wake-up per millisecond for
 * nothing; this fires when due (measured: /delay?ms=50 answered in about 50.5 ms unloaded).
 */
final class DelayTimer implements AutoCloseable {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
      DaemonThreads.named("scatter-test-server-delay"));

  /** What {@code answer} gives, {@code millis} from now; the timer thread only completes the future. */
  <T> CompletionStage<T> after(long millis, Supplier<T> answer) {
    CompletableFuture<T> due = new CompletableFuture<>();
    timer.schedule(() -> due.complete(answer.get()), millis, TimeUnit.MILLISECONDS);
    return due;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

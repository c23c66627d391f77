package io.scatter.node.util;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits on a latch from a thread that has nothing to do with an interrupt but pass it on (a shutdown
 * hook, a close): the interrupt ends the wait and is kept for the caller to see.
 */
public final class Latches {

  private Latches() {
  }

  /** Until {@code latch} opens or the thread is interrupted. */
  public static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As {@link #await(CountDownLatch)}, for {@code wait} at most. */
  public static void await(CountDownLatch latch, Duration wait) {
    try {
      latch.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

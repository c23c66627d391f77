package io.scatter.node;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The node module's copy of the coordinator tests' {@code io.scatter.testing.Eventually}, cut to what
 * its tests use (test classes are not shared between modules): asks a condition again every
 * {@link #POLL} until it holds, and fails saying what it waited for once the limit has passed.
 */
public final class Eventually {

  public static final Duration POLL = Duration.ofMillis(20);

  private Eventually() {
  }

  /** @param what what is awaited, and how things stand, for the failure: asked only then */
  public static void await(Duration limit, Callable<String> what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        String described;
        try {
          described = what.call();
        } catch (Exception e) {
          described = "(what could not be told: " + e + ")";
        }
        throw new AssertionError("waited " + limit.toMillis() + " ms for " + described);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}

package io.scatter.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Waits for what a test cannot be told about (a child JVM's log line, a file another process
 * writes, a job's progress seen from outside): asks again every {@link #POLL} until it holds, and
 * fails saying what it waited for, and how it stood then, once the limit has passed. A check may
 * itself fail at once (an assertion that the process still lives, that the job has not ended), which
 * ends the wait with its own message.
 */
public final class Eventually {

  /** Often enough that a test waits little past the moment, seldom enough to cost nothing. */
  public static final Duration POLL = Duration.ofMillis(20);

  /** A check that may read files or the network. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /** A look that finds what it waits for, or nothing yet. */
  @FunctionalInterface
  public interface Look<T> {
    Optional<T> find() throws Exception;
  }

  private Eventually() {
  }

  /**
   * Returns once {@code check} holds.
   *
   * @param what what is awaited, and how things stand, for the failure: asked only then
   * @throws AssertionError when {@code limit} passed first, or the check failed (an exception of
   *     its own is the cause)
   */
  public static void await(Duration limit, Callable<String> what, Check check) throws InterruptedException {
    awaitFound(limit, what, () -> check.holds() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** As {@link #await}, for a condition that finds something: returns what it found. */
  public static <T> T awaitFound(Duration limit, Callable<String> what, Look<T> look) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<T> found;
      try {
        found = look.find();
      } catch (RuntimeException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("waiting for " + describe(what) + " failed: " + e, e);
      }
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + seconds(limit) + " for " + describe(what));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String describe(Callable<String> what) {
    try {
      return what.call();
    } catch (Exception e) {
      return "(what could not be told: " + e + ")";
    }
  }

  private static String seconds(Duration limit) {
    return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
  }
}

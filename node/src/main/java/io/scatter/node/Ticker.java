package io.scatter.node;

/**
 * Where scatter's core reads the time, in nanoseconds from an arbitrary origin (as
 * {@link System#nanoTime()}): leases, speculation, flush intervals and measurements all ask one
 * ticker, so a test moves time by hand instead of sleeping (Caffeine's {@code Ticker}, HikariCP's
 * {@code ClockSource}).
 */
@FunctionalInterface
public interface Ticker {

  long read();

  /** The JVM's monotonic clock. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }

  /** An enum so the one system ticker is a singleton that needs no lazy holder. */
  enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
      return System.nanoTime();
    }
  }
}

package io.scatter.time;

import java.time.Instant;

/**
 * Where scatter reads the time, and the only place that asks the JVM for it. Two readings, because
 * they answer different questions: {@link #read()} is monotonic nanoseconds from an arbitrary
 * origin (as {@link System#nanoTime()}), for durations and deadlines (leases, speculation, flush
 * intervals, measurements, waits); {@link #instant()} is the wall clock, for times a person or
 * another process reads (when a job was submitted or ended, a status file's stamp, a certificate's
 * validity). Every part asks one ticker it was given, so a test moves time by hand instead of
 * sleeping (Caffeine's {@code Ticker}, HikariCP's {@code ClockSource}).
 */
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences between two readings mean anything. */
  long read();

  /** The wall clock: may jump (NTP, a person setting the clock), so never measure a duration with it. */
  Instant instant();

  /** {@link #instant()} in milliseconds since the epoch. */
  default long millis() {
    return instant().toEpochMilli();
  }

  /** The JVM's clocks. */
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

    @Override
    public Instant instant() {
      return Instant.now();
    }

    @Override
    public long millis() {
      return System.currentTimeMillis();
    }
  }
}

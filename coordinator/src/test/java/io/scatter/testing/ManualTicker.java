package io.scatter.testing;

import io.scatter.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test says so, both its readings together; the monotonic
 * one starts far from 0 so no code relies on a zero origin.
 */
public final class ManualTicker implements Ticker {

  private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long ORIGIN = 1_000_000_000_000L;

  private final AtomicLong nanos = new AtomicLong(ORIGIN);
  private final Instant start;

  public ManualTicker() {
    this(DEFAULT_START);
  }

  /** @param start what {@link #instant()} says until the ticker moves */
  public ManualTicker(Instant start) {
    this.start = start;
  }

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(nanos.get() - ORIGIN);
  }

  public void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}

package io.scatter.node;

import io.scatter.time.Ticker;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A {@link Ticker} whose monotonic reading is a test's own counter (the tasks under test move it);
 * its wall clock stands still, as nothing on a worker reads one.
 */
public final class HandTicker implements Ticker {

  private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

  private final LongSupplier nanos;

  public HandTicker(LongSupplier nanos) {
    this.nanos = nanos;
  }

  @Override
  public long read() {
    return nanos.getAsLong();
  }

  @Override
  public Instant instant() {
    return WALL;
  }
}

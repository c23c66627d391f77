package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code scatter.worker} block, read once and checked. See {@code conf/scatter.conf} for
 * what each value means.
 */
public record WorkerSettings(
    String dispatcher,
    Duration prefetchWindow,
    int prefetchMin,
    int prefetchMax,
    double prefetchRoundTrips,
    Duration flushInterval,
    int maxResultsPerMessage,
    Duration slice,
    Duration mailboxInterval,
    Duration progressInterval,
    int overlap,
    double paceWeight,
    Duration turn) {

  public WorkerSettings {
    requirePositive("scatter.worker.prefetch-min", prefetchMin);
    requirePositive("scatter.worker.max-results-per-message", maxResultsPerMessage);
    requirePositive("scatter.worker.overlap", overlap);
    if (!(paceWeight > 0 && paceWeight <= 1)) {
      throw new IllegalArgumentException("scatter.worker.pace-weight must be above 0 and at most 1, got " + paceWeight);
    }
    requirePositive("scatter.worker.slice", slice);
    requirePositive("scatter.worker.mailbox-interval", mailboxInterval);
    requirePositive("scatter.worker.progress-interval", progressInterval);
    if (!(prefetchRoundTrips >= 0)) {
      throw new IllegalArgumentException("scatter.worker.prefetch-round-trips must be at least 0, got " + prefetchRoundTrips);
    }
    if (prefetchMax < prefetchMin) {
      throw new IllegalArgumentException("scatter.worker.prefetch-max (" + prefetchMax
          + ") must not be below scatter.worker.prefetch-min (" + prefetchMin + ")");
    }
  }

  public static WorkerSettings from(Config config) {
    try {
      Config c = config.getConfig("scatter.worker");
      return new WorkerSettings(
          c.getString("dispatcher"),
          c.getDuration("prefetch-window"),
          c.getInt("prefetch-min"),
          c.getInt("prefetch-max"),
          c.getDouble("prefetch-round-trips"),
          c.getDuration("flush-interval"),
          c.getInt("max-results-per-message"),
          c.getDuration("slice"),
          c.getDuration("mailbox-interval"),
          c.getDuration("progress-interval"),
          c.getInt("overlap"),
          c.getDouble("pace-weight"),
          c.getDuration("turn"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + value.toMillis() + "ms");
    }
  }

  private static void requirePositive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }
}

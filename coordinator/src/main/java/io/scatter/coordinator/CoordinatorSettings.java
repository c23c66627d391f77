package io.scatter.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.node.ScatterConfig;
import java.time.Duration;

/**
 * The {@code scatter.coordinator} block, read once.
 *
 * @param speculationMinAge        a partition is copied only after it has been out this long...
 * @param speculationLatencyFactor ...and this many times the median partition time measured so far
 */
public record CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, Duration speculationMinAge,
    double speculationLatencyFactor, String dispatcher) {

  /** Defaults for tests that build settings by hand. */
  public CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, String dispatcher) {
    this(leaseCheckInterval, workerWait, Duration.ofSeconds(1), 2.0, dispatcher);
  }

  public static CoordinatorSettings from(Config config) {
    try {
      return new CoordinatorSettings(
          config.getDuration("scatter.coordinator.lease-check-interval"),
          config.getDuration("scatter.coordinator.worker-wait"),
          config.getDuration("scatter.coordinator.speculation.min-age"),
          config.getDouble("scatter.coordinator.speculation.latency-factor"),
          "scatter.coordinator-dispatcher");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }
}

package io.scatter.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/** The {@code scatter.coordinator} block, read once. */
public record CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, String dispatcher) {

  public static CoordinatorSettings from(Config config) {
    try {
      return new CoordinatorSettings(
          config.getDuration("scatter.coordinator.lease-check-interval"),
          config.getDuration("scatter.coordinator.worker-wait"),
          "scatter.coordinator-dispatcher");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration is invalid: " + e.getMessage(), e);
    }
  }
}

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
 * @param maxEvents                worker events a job's report keeps
 * @param leaveTimeout             how long a cluster coordinator waits to leave the cluster
 */
public record CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, Duration speculationMinAge,
    double speculationLatencyFactor, int maxEvents, Duration leaveTimeout, String dispatcher) {

  /** The same settings with timers tests drive (lease checks and the wait for workers) set by hand. */
  public CoordinatorSettings withTimers(Duration leaseCheckInterval, Duration workerWait) {
    return new CoordinatorSettings(leaseCheckInterval, workerWait, speculationMinAge, speculationLatencyFactor,
        maxEvents, leaveTimeout, dispatcher);
  }

  public static CoordinatorSettings from(Config config) {
    try {
      return new CoordinatorSettings(
          config.getDuration("scatter.coordinator.lease-check-interval"),
          config.getDuration("scatter.coordinator.worker-wait"),
          config.getDuration("scatter.coordinator.speculation.min-age"),
          config.getDouble("scatter.coordinator.speculation.latency-factor"),
          config.getInt("scatter.coordinator.max-events"),
          config.getDuration("scatter.coordinator.leave-timeout"),
          "scatter.coordinator-dispatcher");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }
}

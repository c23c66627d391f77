package io.scatter.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.node.ScatterConfig;
import io.scatter.protocol.WorkerCommand;
import java.time.Duration;

/**
 * The {@code scatter.coordinator} block, read once.
 *
 * @param speculationMinAge        a partition is copied only after it has been out this long...
 * @param speculationLatencyFactor ...and this many times the median partition time measured so far
 * @param maxEvents                worker events a job's report keeps
 * @param leaveTimeout             how long a cluster coordinator waits to leave the cluster
 * @param lifeline                 {@code host:port} of this JVM's lifeline, told to workers in every offer;
 *                                 empty without one (in-process modes, or the lifeline is off)
 */
public record CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, Duration speculationMinAge,
    double speculationLatencyFactor, int maxEvents, Duration leaveTimeout, String dispatcher, String lifeline) {

  /** The same settings with timers tests drive (lease checks and the wait for workers) set by hand. */
  public CoordinatorSettings withTimers(Duration leaseCheckInterval, Duration workerWait) {
    return new CoordinatorSettings(leaseCheckInterval, workerWait, speculationMinAge, speculationLatencyFactor,
        maxEvents, leaveTimeout, dispatcher, lifeline);
  }

  /** The same settings for jobs whose workers hold a lifeline to {@code hostPort}. */
  public CoordinatorSettings withLifeline(String hostPort) {
    return new CoordinatorSettings(leaseCheckInterval, workerWait, speculationMinAge, speculationLatencyFactor,
        maxEvents, leaveTimeout, dispatcher, hostPort);
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
          "scatter.coordinator-dispatcher",
          WorkerCommand.Offer.NO_LIFELINE);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }
}

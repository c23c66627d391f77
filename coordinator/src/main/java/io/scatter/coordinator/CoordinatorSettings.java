package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import io.scatter.protocol.WorkerCommand;
import java.time.Duration;

/**
 * The {@code scatter.coordinator} block, read once and checked, so a bad value fails at start naming
 * the key and where it was set.
 *
 * @param speculationMinAge        a partition is copied only after it has been out this long...
 * @param speculationLatencyFactor ...and this many times the median partition time measured so far
 * @param maxEvents                worker events a job's report keeps
 * @param taskStreamSpans          partitions a job's task stream keeps at most (an even sample)
 * @param leaveTimeout             how long a cluster coordinator waits to leave the cluster
 * @param lifeline                 {@code host:port} of this JVM's lifeline, told to workers in every offer;
 *                                 empty without one (in-process modes, or the lifeline is off)
 */
public record CoordinatorSettings(Duration leaseCheckInterval, Duration workerWait, Duration speculationMinAge,
    double speculationLatencyFactor, int maxEvents, int taskStreamSpans, Duration leaveTimeout, String dispatcher,
    String lifeline) {

  /** The same settings with timers tests drive (lease checks and the wait for workers) set by hand. */
  public CoordinatorSettings withTimers(Duration leaseCheckInterval, Duration workerWait) {
    return new CoordinatorSettings(leaseCheckInterval, workerWait, speculationMinAge, speculationLatencyFactor,
        maxEvents, taskStreamSpans, leaveTimeout, dispatcher, lifeline);
  }

  /** The same settings for jobs whose workers hold a lifeline to {@code hostPort}. */
  public CoordinatorSettings withLifeline(String hostPort) {
    return new CoordinatorSettings(leaseCheckInterval, workerWait, speculationMinAge, speculationLatencyFactor,
        maxEvents, taskStreamSpans, leaveTimeout, dispatcher, hostPort);
  }

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  public static CoordinatorSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.coordinator");
    return new CoordinatorSettings(
        c.positive("lease-check-interval"),
        c.notNegative("worker-wait"),
        c.notNegative("speculation.min-age"),
        c.read("speculation.latency-factor", Config::getDouble, factor -> factor > 0, "be above 0"),
        c.atLeast("max-events", 0),
        c.atLeast("task-stream-spans", 0),
        c.notNegative("leave-timeout"),
        "scatter.coordinator-dispatcher",
        WorkerCommand.Offer.NO_LIFELINE);
  }
}

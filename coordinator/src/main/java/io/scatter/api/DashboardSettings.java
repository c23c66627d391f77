package io.scatter.api;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.time.Duration;

/**
 * The {@code scatter.api.dashboard} block, read once when the API starts.
 *
 * @param jobsEvery  how often {@code GET /events} sends the jobs
 * @param nodesEvery how often it sends the nodes (asking every worker what it holds costs more)
 * @param jobs       jobs in each update, newest first
 * @param maxStreams event streams open at once; more are answered 503, so no client can hold them all
 */
public record DashboardSettings(Duration jobsEvery, Duration nodesEvery, int jobs, int maxStreams) {

  /** @throws IllegalArgumentException one line naming the setting, where it was set and what it should hold */
  public static DashboardSettings from(Config config) {
    SettingsReader dashboard = SettingsReader.of(config, "scatter.api.dashboard");
    return new DashboardSettings(dashboard.positive("jobs-every"), dashboard.positive("nodes-every"),
        dashboard.atLeast("jobs", 1), dashboard.atLeast("max-streams", 1));
  }
}

package io.scatter.localcluster;

import com.typesafe.config.Config;
import io.scatter.node.ClusterSettings;
import java.time.Duration;

/**
 * How fresh the nodes' status files of a local cluster should be, from {@code scatter.cluster}.
 *
 * @param refresh    {@code status-refresh}: how often a node rewrites its status file
 * @param staleAfter {@code status-stale-after}: a status file older than this is warned about
 */
public record StatusFreshness(Duration refresh, Duration staleAfter) {

  public StatusFreshness {
    if (staleAfter.compareTo(refresh) <= 0) {
      // Otherwise every status would be warned about between two refreshes.
      throw new IllegalArgumentException("scatter.cluster.status-stale-after must be longer than "
          + "scatter.cluster.status-refresh (" + refresh.toMillis() + " ms), got " + staleAfter.toMillis() + " ms");
    }
  }

  /** @throws IllegalArgumentException naming a bad {@code scatter.cluster} setting ({@link ClusterSettings}) */
  public static StatusFreshness from(Config config) {
    ClusterSettings cluster = ClusterSettings.from(config);
    return new StatusFreshness(cluster.statusRefresh(), cluster.statusStaleAfter());
  }

  public boolean isStale(Duration age) {
    return age.compareTo(staleAfter) > 0;
  }
}

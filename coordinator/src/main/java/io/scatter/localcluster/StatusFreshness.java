package io.scatter.localcluster;

import com.typesafe.config.Config;
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

  public static StatusFreshness from(Config config) {
    return new StatusFreshness(config.getDuration("scatter.cluster.status-refresh"),
        config.getDuration("scatter.cluster.status-stale-after"));
  }

  public boolean isStale(Duration age) {
    return age.compareTo(staleAfter) > 0;
  }
}

package io.scatter.localcluster;

import com.typesafe.config.Config;
import io.scatter.node.ClusterSettings;
import java.time.Duration;

/**
 * How long the local cluster's commands wait for node processes, from {@code scatter.cluster}.
 *
 * @param joinTimeout how long a node may take to join once its JVM runs
 * @param startMargin added to it for starting the JVM itself (classes, actor system)
 * @param stopGrace   after SIGTERM, how long nodes get to leave before they are SIGKILLed
 * @param killWait    after SIGKILL, how long to wait for the process to be gone
 */
public record LocalClusterTimes(Duration joinTimeout, Duration startMargin, Duration stopGrace, Duration killWait) {

  /** @throws IllegalArgumentException naming a bad {@code scatter.cluster} setting ({@link ClusterSettings}) */
  public static LocalClusterTimes from(Config config) {
    ClusterSettings cluster = ClusterSettings.from(config);
    return new LocalClusterTimes(cluster.joinTimeout(), cluster.startMargin(), cluster.stopGrace(), cluster.killWait());
  }

  /** How long a started node may take to report itself Up. */
  public Duration startLimit() {
    return joinTimeout.plus(startMargin);
  }
}

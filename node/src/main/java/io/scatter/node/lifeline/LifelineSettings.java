package io.scatter.node.lifeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.node.ScatterConfig;
import java.time.Duration;

/**
 * The {@code scatter.lifeline} block (conf/cluster.conf), read once and checked: the coordinator
 * listens with it, the nodes connect with it.
 *
 * @param enabled          off: no coordinator listens, so a dead node is seen by the failure detector only
 * @param helloTimeout     a connection that has not named its node within this long is closed
 * @param reconnectBackoff a node whose connection closed while it lives tries once more after this long
 * @param maxConnections   connections a coordinator keeps at most (one per node)
 * @param port             the coordinator's listening port; 0 any free one
 * @param downDeadNodes    a coordinator downs a node whose lifeline closed and which the failure detector lost
 */
public record LifelineSettings(boolean enabled, Duration helloTimeout, Duration reconnectBackoff, int maxConnections,
    int port, boolean downDeadNodes) {

  private static final int MAX_PORT = 65_535;

  public LifelineSettings {
    if (helloTimeout.isNegative() || helloTimeout.isZero()) {
      throw new IllegalArgumentException("scatter.lifeline.hello-timeout must be above 0, got " + helloTimeout);
    }
    if (reconnectBackoff.isNegative()) {
      throw new IllegalArgumentException("scatter.lifeline.reconnect-backoff must not be negative, got "
          + reconnectBackoff);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("scatter.lifeline.max-connections must be at least 1, got " + maxConnections);
    }
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("scatter.lifeline.port must be between 0 and " + MAX_PORT + ", got " + port);
    }
  }

  public static LifelineSettings from(Config config) {
    try {
      Config c = config.getConfig("scatter.lifeline");
      Duration helloTimeout = c.getDuration("hello-timeout");
      Duration reconnectBackoff = c.getDuration("reconnect-backoff");
      int maxConnections = c.getInt("max-connections");
      int port = c.getInt("port");
      boolean portOk = port >= 0 && port <= MAX_PORT;
      if (!helloTimeout.isNegative() && !helloTimeout.isZero() && !reconnectBackoff.isNegative() && maxConnections >= 1
          && portOk) {
        return new LifelineSettings(c.getBoolean("enabled"), helloTimeout, reconnectBackoff, maxConnections, port,
            c.getBoolean("down-dead-nodes"));
      }
      String key = helloTimeout.isNegative() || helloTimeout.isZero() ? "hello-timeout"
          : reconnectBackoff.isNegative() ? "reconnect-backoff" : maxConnections < 1 ? "max-connections" : "port";
      String rule = switch (key) {
        case "hello-timeout" -> "must be above 0";
        case "reconnect-backoff" -> "must not be negative";
        case "max-connections" -> "must be at least 1";
        default -> "must be between 0 and " + MAX_PORT;
      };
      throw new IllegalArgumentException("scatter.lifeline." + key + " " + ScatterConfig.where(c, key) + " " + rule
          + ", got " + c.getValue(key).unwrapped());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }
}

package io.scatter.node;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code scatter.node} block (conf/cluster.conf), read once and checked: what a node does when
 * the cluster downs it, whether it obeys fault injection, and how long it drains when asked to stop.
 *
 * @param allowFaultInjection {@code allow-fault-injection} as configured (or as {@link FaultInjection#configure} recorded it)
 * @param drain               how long a node asked to stop lets its workers finish; 0 leaves at once
 */
public record NodeSettings(RejoinPolicy rejoin, boolean allowFaultInjection, Duration drain) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  public static NodeSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.node");
    boolean enabled = c.flag("rejoin");
    Duration backoff = c.notNegative("rejoin-backoff");
    Duration maxBackoff = c.read("rejoin-max-backoff", Config::getDuration, d -> d.compareTo(backoff) >= 0,
        "be at least " + c.path("rejoin-backoff") + " (" + backoff.toMillis() + " ms)");
    int attempts = c.atLeast("rejoin-attempts", 1);
    return new NodeSettings(new RejoinPolicy(enabled, backoff, maxBackoff, attempts,
        c.positive("rejoin-found-wait")), c.flag("allow-fault-injection"),
        c.notNegative("drain"));
  }
}

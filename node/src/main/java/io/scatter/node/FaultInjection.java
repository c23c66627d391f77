package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

/**
 * Whether this node obeys node-control messages (halt, freeze, cut off), which any member of its
 * cluster can send. Off unless asked for ({@code --allow-fault-injection}, or
 * {@code scatter.node.allow-fault-injection = on}); {@code cluster up} asks for it, since its nodes
 * are an experiment of the user's own. Artery's test-mode, which the cutoff needs, follows it: a
 * node that refuses faults has no throttler a peer could use.
 */
public final class FaultInjection {

  public static final String KEY = "scatter.node.allow-fault-injection";
  static final String TEST_MODE_KEY = "pekko.remote.artery.advanced.test-mode";

  private FaultInjection() {
  }

  /** The flag wins when given; otherwise the setting decides. */
  public static boolean allowed(Config config, boolean flag) {
    return flag || NodeSettings.from(config).allowFaultInjection();
  }

  /** {@code config} with the decision recorded where the node's control actor reads it, and test-mode to match. */
  public static Config configure(Config config, boolean allowed) {
    return config.withValue(KEY, ConfigValueFactory.fromAnyRef(allowed))
        .withValue(TEST_MODE_KEY, ConfigValueFactory.fromAnyRef(allowed));
  }

  /** What the node's control actor acts on: the setting {@link #configure} recorded. */
  static boolean allowed(Config config) {
    return NodeSettings.from(config).allowFaultInjection();
  }

  /** Whether Artery can blackhole connections in this system (a user's file may have turned test-mode off). */
  static boolean testMode(Config config) {
    return config.getBoolean(TEST_MODE_KEY);
  }
}

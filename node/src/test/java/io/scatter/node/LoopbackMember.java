package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** The configuration of a cluster member for a test: on the loopback, a free port, Pekko's log quiet. */
final class LoopbackMember {

  private LoopbackMember() {
  }

  static Config config() {
    return ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", "0",
            "pekko.loglevel", "ERROR"))
        .withFallback(ConfigFactory.load());
  }
}

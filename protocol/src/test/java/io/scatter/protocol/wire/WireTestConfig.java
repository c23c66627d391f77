package io.scatter.protocol.wire;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Actor system configurations for the wire tests: the shipped serialization.conf plus the least else. */
final class WireTestConfig {

  private WireTestConfig() {
  }

  /** One local system; serialization is exercised through the extension, not a transport. */
  static Config local() {
    Config shipped = ConfigFactory.parseResources("serialization.conf");
    if (!shipped.hasPath("pekko.actor.serializers.scatter-kryo")) {
      // parseResources returns an empty config for a missing file; the tests would then test nothing.
      throw new IllegalStateException("serialization.conf (conf/ in the repository) is not on the test classpath");
    }
    return ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.stdout-loglevel = WARNING
        """).withFallback(shipped);
  }

  /** A system reachable over Artery TCP on loopback, on a free port. */
  static Config remote() {
    return ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.transport = tcp
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        # Plain remoting is enough to carry messages between two test systems; no need to advise Cluster.
        pekko.remote.warn-about-direct-use = off
        pekko.remote.warn-unsafe-watch-outside-cluster = off
        """).withFallback(local());
  }
}

package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration that makes a JVM a member of a scatter cluster: where it listens, which seeds
 * it joins through, which roles it has. Flags win over the files, so they are layered on top here.
 */
public final class ClusterMember {

  public static final String WORKER_ROLE = "worker";
  public static final String COORDINATOR_ROLE = "coordinator";
  /** Roles starting with this carry the node's human name, so every member can show it. */
  public static final String NAME_ROLE_PREFIX = "name:";

  private ClusterMember() {
  }

  /**
   * @throws IllegalArgumentException when the member would listen on plain TCP off loopback without
   *     being allowed to ({@link PlainTcpExposure})
   */
  public static Config configure(Config base, String host, int port, List<ClusterAddress> seeds, List<String> roles) {
    PlainTcpExposure.check(base, host);
    ClusterSettings settings = ClusterSettings.from(base);
    String clusterName = settings.name();
    List<String> seedAddresses = seeds.stream().map(seed -> seed.pekkoAddress(clusterName)).toList();
    return ConfigFactory.parseMap(Map.of(
            "pekko.remote.artery.canonical.hostname", host,
            "pekko.remote.artery.canonical.port", port,
            "pekko.cluster.roles", ConfigValueFactory.fromIterable(roles),
            "pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses),
            "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes",
            settings.joinTimeout().toMillis() + "ms"))
        .withFallback(base);
  }

  /**
   * Listens on {@code host}/{@code port} while still telling the cluster the canonical address
   * ({@link #configure}): Artery's bind address, for NAT and containers. Empty keeps the canonical one.
   */
  public static Config bindTo(Config base, Optional<String> host, Optional<Integer> port) {
    Config bound = base;
    if (host.isPresent()) {
      bound = bound.withValue("pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(host.get()));
    }
    if (port.isPresent()) {
      bound = bound.withValue("pekko.remote.artery.bind.port", ConfigValueFactory.fromAnyRef(port.get()));
    }
    return bound;
  }

  public static String clusterName(Config config) {
    return ClusterSettings.from(config).name();
  }
}

package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.util.PortProbe;
import picocli.CommandLine.Option;

/**
 * The two ports a coordinator JVM listens on that the nodes connect to: its cluster port (results
 * come back there) and its lifeline port. Any free ones by default; fixed, a firewall between the
 * nodes and the coordinator can let exactly them through.
 */
final class CoordinatorPorts {

  private static final int MAX_PORT = 65_535;
  static final String CLUSTER_PORT_KEY = "scatter.cluster.coordinator-cluster-port";
  static final String LIFELINE_PORT_KEY = "scatter.lifeline.port";

  @Option(names = "--cluster-port", paramLabel = "PORT",
      description = "cluster mode: the port nodes send results to on --host; fix it when a firewall stands between "
          + "them (default: ${bundle:scatter.cluster.coordinator-cluster-port}, any free port)")
  Integer clusterPort;

  @Option(names = "--lifeline-port", paramLabel = "PORT",
      description = "cluster mode: the port nodes hold their lifeline to on --host (default: any free port)")
  Integer lifelinePort;

  /**
   * {@code base} with the ports given; a port given that is out of range, the same as the other, or
   * already taken on {@code host} is refused before anything starts.
   */
  Config apply(Config base, String host) {
    int cluster = Setting.flagOr("--cluster-port", clusterPort, base, CLUSTER_PORT_KEY, Config::getInt)
        .require(CoordinatorPorts::inRange, "a port between 0 and " + MAX_PORT + " (0 = any free port)");
    int lifeline = Setting.flagOr("--lifeline-port", lifelinePort, base, LIFELINE_PORT_KEY, Config::getInt)
        .require(CoordinatorPorts::inRange, "a port between 0 and " + MAX_PORT + " (0 = any free port)");
    if (cluster != 0 && cluster == lifeline) {
      throw new UserInputException("--cluster-port and --lifeline-port must differ, both are " + cluster);
    }
    requireFree(host, cluster, "--cluster-port");
    requireFree(host, lifeline, "--lifeline-port");
    return base.withValue(CLUSTER_PORT_KEY, ConfigValueFactory.fromAnyRef(cluster))
        .withValue(LIFELINE_PORT_KEY, ConfigValueFactory.fromAnyRef(lifeline));
  }

  private static boolean inRange(int port) {
    return port >= 0 && port <= MAX_PORT;
  }

  /** Taken is said now, in one line, rather than by the actor system failing to bind mid-start. */
  private static void requireFree(String host, int port, String flag) {
    PortProbe.bindFailure(host, port).ifPresent(e -> {
      throw new UserInputException(flag + " " + port + ": cannot listen on " + host + ":" + port + " ("
          + e.getMessage() + "); choose another, or 0 for any free port");
    });
  }
}

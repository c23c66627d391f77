package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.ScatterConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which cluster to use: named by seeds, or the local one in the state folder. */
final class ClusterOptions {

  @Option(names = "--seed", paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "cluster mode: join through these nodes (default: the local cluster, started if none runs)")
  String seeds;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "cluster mode: the address this JVM listens on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--cluster-name", paramLabel = "NAME",
      description = "cluster name: JVMs only join others of the same name (default: ${bundle:scatter.cluster.name})")
  String clusterName;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "where the local cluster keeps pids, logs and status (default: ${bundle:scatter.cluster.state-dir})")
  Path stateDir;

  /** A cluster member's configuration, with the name from the command line if one was given. */
  Config clusterConfig(CommonOptions common) {
    return withName(ScatterConfig.loadForCluster(Optional.ofNullable(common.configFile)));
  }

  Config withName(Config config) {
    return clusterName == null ? config
        : config.withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(clusterName));
  }

  Path stateDir(Config config) {
    return stateDir != null ? stateDir : Path.of(config.getString("scatter.cluster.state-dir"));
  }
}

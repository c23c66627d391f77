package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.ClusterSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which cluster: its name and the folder a local one keeps its state in. All that {@code cluster
 * up/status/down/kill} take: a local cluster's nodes listen on loopback and are their own seeds, so
 * {@code --seed} and {@code --host} ({@link ClusterOptions}) would mean nothing there.
 */
class LocalClusterOptions {

  @Option(names = "--cluster-name", paramLabel = "NAME",
      description = "cluster name: JVMs only join others of the same name (default: ${bundle:scatter.cluster.name})")
  String clusterName;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "where the local cluster keeps pids, logs and status (default: ${bundle:scatter.cluster.state-dir})")
  Path stateDir;

  /** A cluster member's configuration, with the name from the command line if one was given. */
  Config clusterConfig(CommonOptions common) {
    return withName(common.clusterConfig());
  }

  Config withName(Config config) {
    return clusterName == null ? config
        : config.withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(clusterName));
  }

  Path stateDir(Config config) {
    return stateDir != null ? stateDir : ClusterSettings.from(config).stateDir();
  }
}

package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.JobBackends;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.ClusterAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a command runs against. Seeds come from {@code --seed}, else from the local cluster in
 * the state folder, else a local cluster is started for this command and stopped when it closes.
 * The cluster's name comes from {@code --cluster-name}, else from the local cluster's record when
 * that is the cluster joined, else from the configuration.
 */
final class ClusterSession implements AutoCloseable {


  /** The cluster found: the configuration to join it with (its name in it) and the seeds. */
  private record Found(Config config, List<ClusterAddress> seeds) { }

  private final Config config;
  private final ClusterOptions options;
  private final Optional<Path> configFile;
  private final PrintWriter err;
  private final int localNodes;
  private Found found;
  private Path startedHere;

  ClusterSession(ClusterOptions options, CommonOptions common, PrintWriter err, int localNodes) {
    this.config = options.clusterConfig(common);
    this.options = options;
    this.configFile = Optional.ofNullable(common.configFile);
    this.err = err;
    this.localNodes = localNodes;
  }

  /** Looked up only when a cluster run asks: other modes never read the state folder or start nodes. */
  JobBackends.ClusterTarget target() {
    return new JobBackends.ClusterTarget(() -> find().config(), () -> find().seeds(), options.host);
  }

  private Found find() {
    if (found == null) {
      found = lookUp();
    }
    return found;
  }

  private Found lookUp() {
    Path stateDir = options.stateDir(config);
    if (options.seeds != null) {
      List<ClusterAddress> seeds = ClusterAddress.parseList(options.seeds);
      Optional<LocalCluster> local = localAt(stateDir, seeds);
      return new Found(local.map(cluster -> named(cluster, stateDir)).orElse(config), seeds);
    }
    Optional<LocalCluster> running = LocalCluster.running(stateDir);
    if (running.isPresent()) {
      return new Found(named(running.get(), stateDir), running.get().seeds());
    }
    err.printf("no local cluster in %s: starting %d node JVMs for this command ('scatter cluster up' keeps one running)%n",
        stateDir, localNodes);
    err.flush();
    LocalCluster started = new NodeLauncher(stateDir, config.getString("scatter.cluster.name"), configFile, List.of())
        .up(localNodes, config.getInt("scatter.cluster.workers-per-node"), LocalClusterTimes.from(config).startLimit());
    startedHere = stateDir;
    return new Found(config, started.seeds());
  }

  /** The running local cluster, if a seed is one of its nodes; an unreadable record is no reason to refuse a --seed. */
  private static Optional<LocalCluster> localAt(Path stateDir, List<ClusterAddress> seeds) {
    try {
      return LocalCluster.running(stateDir).filter(cluster -> cluster.seeds().stream().anyMatch(seeds::contains));
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * The configuration for joining {@code local}: under its name when none was given, and a
   * different one given is refused at once, instead of a join that times out.
   */
  private Config named(LocalCluster local, Path stateDir) {
    if (options.clusterName == null) {
      return config.withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(local.clusterName()));
    }
    if (!options.clusterName.equals(local.clusterName())) {
      throw new UserInputException("the local cluster in " + stateDir + " is named '" + local.clusterName()
          + "', not '" + options.clusterName + "'; leave out --cluster-name to use it, or give --seed to join another");
    }
    return config;
  }

  @Override
  public void close() {
    if (startedHere != null) {
      NodeStopper.down(startedHere, LocalClusterTimes.from(config));
      startedHere = null;
    }
  }
}

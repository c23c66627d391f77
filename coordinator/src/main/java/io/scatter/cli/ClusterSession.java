package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.JobRunners;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.ClusterAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a command runs against. Seeds come from {@code --seed}, else from the local cluster in
 * the state folder, else a local cluster is started for this command and stopped when it closes.
 */
final class ClusterSession implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Config config;
  private final ClusterOptions options;
  private final Optional<Path> configFile;
  private final PrintWriter err;
  private final int localNodes;
  private Path startedHere;

  ClusterSession(ClusterOptions options, CommonOptions common, PrintWriter err, int localNodes) {
    this.config = options.clusterConfig(common);
    this.options = options;
    this.configFile = Optional.ofNullable(common.configFile);
    this.err = err;
    this.localNodes = localNodes;
  }

  JobRunners.ClusterTarget target() {
    return new JobRunners.ClusterTarget(config, this::seeds, options.host);
  }

  private List<ClusterAddress> seeds() {
    if (options.seeds != null) {
      return ClusterAddress.parseList(options.seeds);
    }
    Path stateDir = options.stateDir(config);
    Optional<LocalCluster> running = LocalCluster.running(stateDir);
    if (running.isPresent()) {
      return running.get().seeds();
    }
    err.printf("no local cluster in %s: starting %d node JVMs for this command ('scatter cluster up' keeps one running)%n",
        stateDir, localNodes);
    err.flush();
    LocalCluster started = new NodeLauncher(stateDir, config.getString("scatter.cluster.name"), configFile, List.of())
        .up(localNodes, config.getInt("scatter.cluster.workers-per-node"), config.getDuration("scatter.cluster.join-timeout"));
    startedHere = stateDir;
    return started.seeds();
  }

  @Override
  public void close() {
    if (startedHere != null) {
      NodeStopper.down(startedHere, STOP_GRACE);
      startedHere = null;
    }
  }
}

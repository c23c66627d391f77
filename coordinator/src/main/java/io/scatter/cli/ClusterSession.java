package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.JobBackends;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterSettings;
import io.scatter.node.ClusterTls;
import io.scatter.time.Ticker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a command runs against. Seeds come from {@code --seed}, else from the local cluster in
 * the state folder, else a local cluster is started for this command and stopped when it closes.
 * The cluster's name comes from {@code --cluster-name}, else from the local cluster's record when
 * that is the cluster joined, else from the configuration. So does its wire: the local cluster's
 * members talk mutual TLS if {@code cluster up --tls} started it, and then this JVM presents the
 * coordinators' key store from its state folder; any other cluster gets {@code --tls DIR} or
 * {@code scatter.cluster.tls-dir}, or plain TCP. A local cluster started for the command is a TLS one
 * when either is given, with certificates of its own.
 */
final class ClusterSession implements AutoCloseable {


  /** The cluster found: the configuration to join it with (its name in it) and the seeds. */
  private record Found(Config config, List<ClusterAddress> seeds) { }

  private final Config config;
  private final ClusterOptions options;
  private final TlsOption tls;
  private final Optional<Path> configFile;
  private final PrintWriter err;
  private final int localNodes;
  private Found found;
  private Path startedHere;

  ClusterSession(ClusterOptions options, CoordinatorPorts ports, TlsOption tls, CommonOptions common, PrintWriter err,
      int localNodes) {
    this.config = tls.allowingPlainTcp(ports.apply(options.clusterConfig(common), options.host));
    this.options = options;
    this.tls = tls;
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
      Found looked = lookUp();
      // The folder this command's --state-dir names, for the member to read there (MemberStop).
      found = new Found(looked.config().withValue("scatter.cluster.state-dir",
          ConfigValueFactory.fromAnyRef(options.stateDir(config).toString())), looked.seeds());
    }
    return found;
  }

  private Found lookUp() {
    Path stateDir = options.stateDir(config);
    if (options.seeds != null) {
      List<ClusterAddress> seeds = ClusterAddress.parseList(options.seeds);
      Optional<LocalCluster> local = localAt(stateDir, seeds);
      return new Found(local.map(cluster -> joining(cluster, stateDir))
          .orElseGet(() -> tls.configure(config, ClusterTls.COORDINATOR)), seeds);
    }
    Optional<LocalCluster> running = LocalCluster.running(stateDir);
    if (running.isPresent()) {
      return new Found(joining(running.get(), stateDir), running.get().seeds());
    }
    boolean secure = tls.dir(config).isPresent();
    err.printf("no local cluster in %s: starting %d node JVMs%s for this command ('scatter cluster up' keeps one "
        + "running)%n", stateDir, localNodes, secure ? " with mutual TLS" : "");
    err.flush();
    ClusterSettings settings = ClusterSettings.from(config);
    LocalCluster started = new NodeLauncher(stateDir, settings.name(), configFile, List.of())
        .up(localNodes, settings.workersPerNode(), LocalClusterTimes.from(config).startLimit(), secure);
    startedHere = stateDir;
    return new Found(secured(config, started, stateDir), started.seeds());
  }

  /** The configuration for joining {@code local}: its name and its wire. */
  private Config joining(LocalCluster local, Path stateDir) {
    return secured(named(local, stateDir), local, stateDir);
  }

  /** {@code config} on the local cluster's wire: its own certificates if it has TLS, else plain TCP. */
  private Config secured(Config config, LocalCluster local, Path stateDir) {
    if (local.tls()) {
      if (tls.given() && !tls.dir.toAbsolutePath().normalize().equals(stateDir.toAbsolutePath().normalize())) {
        throw new UserInputException("the local cluster in " + stateDir + " has certificates of its own there; leave "
            + "out --tls to use them, or give --seed to join another cluster");
      }
      return TlsOption.configure(config, stateDir, ClusterTls.COORDINATOR, "the local cluster in " + stateDir);
    }
    if (tls.given()) {
      throw new UserInputException("the local cluster in " + stateDir + " runs plain TCP, not mutual TLS; leave out "
          + "--tls to use it, or give --seed to join another");
    }
    return config;
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
      NodeStopper.down(startedHere, LocalClusterTimes.from(config), Ticker.system());
      startedHere = null;
    }
  }
}

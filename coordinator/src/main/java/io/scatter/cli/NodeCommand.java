package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterMember;
import io.scatter.node.JoinWatch;
import io.scatter.node.WorkerNode;
import io.scatter.node.WorkerPool;
import io.scatter.node.WorkerSettings;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scatter node}: a worker JVM that joins a cluster and runs partitions until it is stopped. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Start a worker node: join a cluster, run one worker actor per core, leave on SIGTERM.",
    footer = {"", "Examples:",
        "  scatter node --port 2551                               # the first node: it seeds a new cluster",
        "  scatter node --port 2552 --seed 127.0.0.1:2551 --workers 2"})
final class NodeCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "2551",
      description = "port to listen on (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "worker actors, each on its own thread; 0 = one per core (default: ${bundle:scatter.cluster.workers-per-node})")
  Integer workers;

  @Option(names = "--name", paramLabel = "NAME", description = "a name for logs and 'cluster status' (default node-PORT)")
  String name;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65_535) {
      throw new UserInputException("--port must be between 1 and 65535, got " + port);
    }
    Config base = cluster.clusterConfig(common);
    String nodeName = name != null ? name : "node-" + port;
    List<ClusterAddress> seeds = cluster.seeds != null ? ClusterAddress.parseList(cluster.seeds)
        : List.of(new ClusterAddress(cluster.host, port));
    int workerCount = WorkerPool.resolveCount(
        Setting.flagOr("--workers", workers, base, "scatter.cluster.workers-per-node", Config::getInt)
            .require(n -> n >= 0, "at least 1 (or 0 for one per core)"));
    Config config = ClusterMember.configure(base, cluster.host, port, seeds,
        List.of(ClusterMember.WORKER_ROLE, ClusterMember.NAME_ROLE_PREFIX + nodeName));
    String clusterName = ClusterMember.clusterName(config);
    Duration joinTimeout = config.getDuration("scatter.cluster.join-timeout");
    TaskRegistry registry = TaskRegistry.load();
    Optional<Path> stateDir = Optional.ofNullable(cluster.stateDir);

    ActorSystem<WorkerNode.Event> system = startSystem(config, clusterName, nodeName, workerCount, registry, stateDir);
    PrintWriter out = spec.commandLine().getOut();
    if (!JoinWatch.awaitUp(Cluster.get(system), system, joinTimeout)) {
      system.terminate();
      throw new NodeFailure(nodeName + " could not join cluster '" + clusterName + "' through " + seeds + " within "
          + joinTimeout.toSeconds() + " s: is a node of cluster '" + clusterName + "' listening there?");
    }
    out.printf("%s joined cluster '%s' at %s:%d with %d worker%s (pid %d)%n", nodeName, clusterName, cluster.host, port,
        workerCount, workerCount == 1 ? "" : "s", ProcessHandle.current().pid());
    out.flush();
    system.getWhenTerminated().toCompletableFuture().join();
    out.printf("%s left the cluster (%s)%n", nodeName,
        CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason().map(Object::toString).orElse("stopped"));
    return ExitCodes.OK;
  }

  private ActorSystem<WorkerNode.Event> startSystem(Config config, String clusterName, String nodeName, int workerCount,
      TaskRegistry registry, Optional<Path> stateDir) {
    try {
      return ActorSystem.create(WorkerNode.create(nodeName, workerCount, registry::bind, WorkerSettings.from(config),
          stateDir, new CompletableFuture<>()), clusterName, config);
    } catch (RuntimeException e) {
      throw new UserInputException("cannot start node on " + cluster.host + ":" + port + ": " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /** The node could not do its job (it never joined): exit 1 with one line. */
  static final class NodeFailure extends RuntimeException {
    NodeFailure(String message) {
      super(message);
    }
  }
}

package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.localcluster.CoordinatorLauncher;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.node.ClusterMember;
import io.scatter.node.NodeStatusFile;
import io.scatter.node.PlainTcpExposure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scatter cluster up|status|down|kill}: a multi-JVM cluster on this machine, in one command. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start, inspect, stop and kill a local cluster of node JVMs on loopback.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class,
        ClusterCommand.Kill.class})
final class ClusterCommand implements Runnable {


  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every subcommand needs: the configuration and the state folder. */
  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LocalClusterOptions cluster;

    @Mixin
    CommonOptions common;

    Config config() {
      return cluster.clusterConfig(common);
    }

    Path stateDir() {
      return cluster.stateDir(config());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start N node JVMs in the background, wait until they have joined, then a coordinator "
          + "serving the job API (unless --no-coordinator), and print them. "
          + "On a running cluster with dead nodes (after 'cluster kill' or --chaos), restart the dead ones.")
  static final class Up extends Base {
    @Option(names = {"-n", "--nodes"}, paramLabel = "N", defaultValue = "3", description = "node JVMs (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = {"-w", "--workers"}, paramLabel = "N",
        description = "workers per node; 0 = one per core (default: ${bundle:scatter.cluster.workers-per-node})")
    Integer workers;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "extra JVM option for every node, e.g. -Xmx512m")
    List<String> jvmOptions = List.of();

    @Option(names = "--coordinator-port", paramLabel = "PORT",
        description = "where the coordinator serves the job API on 127.0.0.1; 0 = any free port "
            + "(default: ${bundle:scatter.cluster.coordinator-port})")
    Integer coordinatorPort;

    @Option(names = "--no-coordinator", description = "start only the nodes, no coordinator (no job API)")
    boolean noCoordinator;

    @Option(names = "--no-fault-injection",
        description = "start the nodes without --allow-fault-injection: they refuse node-control messages "
            + "(--chaos cutoff, halt and freeze sent as messages); give it again when restarting dead nodes")
    boolean noFaultInjection;

    @Option(names = "--tls",
        description = "mutual TLS between the members: make a CA and a key store per member in the state folder "
            + "(owner-only files), which run, compare and submit then use by themselves")
    boolean tls;

    @Override
    public Integer call() {
      Config config = config();
      if (!tls) {
        // Its members listen on loopback, unless a --config file binds them elsewhere: said here, not by each node.
        PlainTcpExposure.check(config, NodeLauncher.HOST);
      }
      Path stateDir = stateDir();
      Optional<LocalCluster> running = LocalCluster.running(stateDir);
      if (running.isPresent()) {
        return revive(running.get(), config, stateDir);
      }
      // A new cluster.json would forget a coordinator still running from the last one: never orphan it.
      LocalCluster.read(stateDir).flatMap(LocalCluster::coordinatorRecord).filter(LocalCluster.Coordinator::isAlive)
          .ifPresent(c -> {
            throw new UserInputException("the coordinator of the last cluster in " + stateDir + " (pid " + c.pid()
                + ", " + c.url() + ") is still running, its nodes gone; 'scatter cluster down' stops it");
          });
      if (nodes < 1) {
        throw new UserInputException("--nodes must be at least 1, got " + nodes);
      }
      int perNode = Setting.flagOr("--workers", workers, config, "scatter.cluster.workers-per-node", Config::getInt)
          .require(n -> n >= 0, "at least 1 (or 0 for one per core)");
      Optional<Integer> port = noCoordinator ? Optional.empty() : Optional.of(coordinatorPort(config));
      // A taken port is found before any JVM starts, not after the nodes are up.
      port.ifPresent(p -> CoordinatorLauncher.requireFree(p, "--coordinator-port"));
      LocalClusterTimes times = LocalClusterTimes.from(config);
      LocalCluster started = new NodeLauncher(stateDir, ClusterMember.clusterName(config),
          Optional.ofNullable(common.configFile), jvmOptions, !noFaultInjection)
          .up(nodes, perNode, times.startLimit(), tls);
      if (port.isPresent()) {
        started = startCoordinator(started, port.get(), stateDir, times);
      }
      out().printf("cluster '%s' is up: %s (state in %s)%n", started.clusterName(),
          Plural.of(started.nodes().size(), "node"), stateDir);
      out().printf("%-8s %8s  %-21s %s%n", "node", "pid", "address", "log");
      for (LocalCluster.Node node : started.nodes()) {
        out().printf("%-8s %8d  %-21s %s%n", node.name(), node.pid(), node.address(), node.log());
      }
      started.coordinatorRecord().ifPresent(c -> out().printf("coordinator (pid %d) serves the job API on %s (log %s)%n",
          c.pid(), c.url(), c.log()));
      if (started.tls()) {
        out().printf("wire: mutual TLS, CA and key stores in %s (run, compare and submit use them by themselves)%n",
            stateDir);
      }
      out().println(started.coordinatorRecord()
          .map(c -> "next: curl -s " + c.url() + "/jobs -H 'Content-Type: application/json' "
              + "-d '{\"task\":\"primes\",\"range\":\"0..1000000\"}'")
          .orElse("next: scatter run --mode cluster --task primes --range 0..20_000_000"));
      return ExitCodes.OK;
    }

    private Integer coordinatorPort(Config config) {
      return Setting.flagOr("--coordinator-port", coordinatorPort, config, "scatter.cluster.coordinator-port",
          Config::getInt).require(p -> p >= 0 && p <= 65_535, "a port between 0 and 65535 (0 = any free port)");
    }

    /** The coordinator beside the nodes; if it cannot start, the nodes go too: `up` did not do what was asked. */
    private LocalCluster startCoordinator(LocalCluster nodes, int port, Path stateDir, LocalClusterTimes times) {
      try {
        return new CoordinatorLauncher(stateDir, Optional.ofNullable(common.configFile))
            .start(nodes, port, times.startLimit());
      } catch (RuntimeException e) {
        NodeStopper.down(stateDir, times);
        throw e;
      }
    }

    private int revive(LocalCluster running, Config config, Path stateDir) {
      List<String> dead = running.nodes().stream().filter(node -> !node.isAlive()).map(LocalCluster.Node::name).toList();
      if (dead.isEmpty()) {
        throw new UserInputException("a local cluster is already running in " + stateDir + " ("
            + Plural.of(running.nodes().size(), "node") + "); 'scatter cluster down' stops it");
      }
      LocalCluster revived = new NodeLauncher(stateDir, running.clusterName(), Optional.ofNullable(common.configFile),
          jvmOptions, !noFaultInjection).revive(running, LocalClusterTimes.from(config).startLimit());
      for (LocalCluster.Node node : revived.nodes()) {
        if (dead.contains(node.name())) {
          out().printf("restarted %s (pid %d) at %s%n", node.name(), node.pid(), node.address());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the cluster's members with their state (as the nodes see it) and pids.")
  static final class Status extends Base {
    @Override
    public Integer call() throws IOException {
      Path stateDir = stateDir();
      LocalCluster local = LocalCluster.read(stateDir)
          .orElseThrow(() -> new UserInputException("no local cluster in " + stateDir + " ('scatter cluster up' starts one)"));
      Optional<NodeStatusFile.Snapshot> view = freshestView(local, stateDir);
      Map<String, NodeStatusFile.MemberView> members = new LinkedHashMap<>();
      view.ifPresent(v -> v.members().forEach(m -> members.put(m.address(), m)));
      out().printf("%-12s %8s  %-21s %-11s %s%n", "member", "pid", "address", "state", "roles");
      for (LocalCluster.Node node : local.nodes()) {
        String address = node.address().pekkoAddress(local.clusterName());
        NodeStatusFile.MemberView member = members.remove(address);
        String state = !node.isAlive() ? "dead" : member == null ? "not a member"
            : member.reachable() ? member.status().toLowerCase() : "unreachable";
        out().printf("%-12s %8d  %-21s %-11s %s%n", node.name(), node.pid(), node.address(), state,
            member == null ? "" : roles(member));
      }
      for (NodeStatusFile.MemberView other : members.values()) {
        out().printf("%-12s %8s  %-21s %-11s %s%n", "(other)", "-", other.address().replaceFirst("^pekko://[^@]+@", ""),
            other.reachable() ? other.status().toLowerCase() : "unreachable", roles(other));
      }
      local.coordinatorRecord().ifPresent(c -> out().printf("%-12s %8d  %-21s %-11s %s%n", c.name(), c.pid(),
          c.url().replaceFirst("^http://", ""), c.isAlive() ? "serving" : "dead", c.url()));
      view.ifPresent(v -> out().printf("as seen by %s %.1f s ago%n", v.name(),
          (System.currentTimeMillis() - v.updatedMillis()) / 1000.0));
      return ExitCodes.OK;
    }

    /** Roles worth reading: Pekko's own data-center role is left out. */
    private static String roles(NodeStatusFile.MemberView member) {
      return String.join(",", member.roles().stream().filter(role -> !role.startsWith("dc-")).toList());
    }

    /** The most recently written status of a node that is still alive. */
    private static Optional<NodeStatusFile.Snapshot> freshestView(LocalCluster local, Path stateDir) throws IOException {
      Optional<NodeStatusFile.Snapshot> best = Optional.empty();
      for (LocalCluster.Node node : local.nodes()) {
        Path file = NodeStatusFile.path(stateDir, node.name());
        if (node.isAlive() && Files.exists(file)) {
          NodeStatusFile.Snapshot snapshot = NodeStatusFile.read(file);
          if (best.map(b -> b.updatedMillis() < snapshot.updatedMillis()).orElse(true)) {
            best = Optional.of(snapshot);
          }
        }
      }
      return best;
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop the coordinator, then every node, gracefully (SIGTERM: they leave the cluster) and "
          + "remove the state.")
  static final class Down extends Base {
    @Override
    public Integer call() {
      Path stateDir = stateDir();
      if (LocalCluster.read(stateDir).isEmpty()) {
        out().println("no local cluster in " + stateDir);
        return ExitCodes.OK;
      }
      NodeStopper.down(stateDir, LocalClusterTimes.from(config())).forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  @Command(name = "kill", mixinStandardHelpOptions = true,
      description = "SIGKILL one node (fault injection by hand): no goodbye, the cluster has to notice.")
  static final class Kill extends Base {
    @Parameters(paramLabel = "NODE", description = "the node's name, e.g. node-2 (see 'scatter cluster status')")
    String node;

    @Override
    public Integer call() {
      LocalCluster.Node killed = NodeStopper.kill(stateDir(), node, LocalClusterTimes.from(config()));
      out().printf("killed %s (pid %d) with SIGKILL%n", killed.name(), killed.pid());
      return ExitCodes.OK;
    }
  }

}

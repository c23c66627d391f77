package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.localcluster.CoordinatorHealth;
import io.scatter.localcluster.CoordinatorLauncher;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStatuses;
import io.scatter.localcluster.NodeStopper;
import io.scatter.localcluster.StatusFreshness;
import io.scatter.node.ClusterMember;
import io.scatter.node.NodeStatusFile;
import io.scatter.node.PlainTcpExposure;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
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
    description = "Start, inspect, stop and kill a local cluster of node JVMs on loopback.")
final class ClusterCommand implements Runnable {

  /** Its subcommands, which Scatter.tree adds (only the one a command line names, as for scatter's own). */
  static final Map<String, Class<?>> SUBCOMMANDS = Scatter.byName("up", Up.class, "status", Status.class,
      "down", Down.class, "kill", Kill.class);

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

    // Pekko's own defaults: none read here. `up` checks where its members would listen from cluster.conf
    // (scatter's), and the JVMs it starts load their configuration themselves.
    @Mixin
    CommonOptions common = CommonOptions.scatterOnly();

    /** The command line is where the clock is chosen; everything it starts or waits for is timed by this. */
    final Ticker ticker = Ticker.system();

    Config config() {
      return cluster.clusterConfig(common);
    }

    Path stateDir() {
      return cluster.stateDir(config());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** One line on stderr naming the live nodes whose status file is old or missing, if any. */
    void warnAboutStaleStatus(NodeStatuses statuses, StatusFreshness freshness) {
      statuses.warning(freshness).ifPresent(warning -> {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + warning);
        spec.commandLine().getErr().flush();
      });
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
      StatusFreshness freshness = StatusFreshness.from(config);
      // Whatever of the last cluster lives (a node, or only its coordinator) is kept, and what is missing restored.
      Optional<LocalCluster> last = LocalCluster.read(stateDir);
      if (last.isPresent() && (last.get().nodes().stream().anyMatch(LocalCluster.Node::isAlive)
          || last.get().coordinatorRecord().filter(LocalCluster.Coordinator::isAlive).isPresent())) {
        return restore(last.get(), config, stateDir, freshness);
      }
      if (nodes < 1) {
        throw new UserInputException("--nodes must be at least 1, got " + nodes);
      }
      int perNode = Setting.flagOr("--workers", workers, config, "scatter.cluster.workers-per-node", Config::getInt)
          .require(n -> n >= 0, "at least 1 (or 0 for one per core)");
      Optional<Integer> port = noCoordinator ? Optional.empty() : Optional.of(coordinatorPort(config));
      // A taken port is found before any JVM starts, not after the nodes are up.
      port.ifPresent(p -> CoordinatorLauncher.requireFree(p, "--coordinator-port"));
      LocalClusterTimes times = LocalClusterTimes.from(config);
      LocalCluster started = start(config, stateDir, perNode, port, times);
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
      out().flush();
      warnAboutStaleStatus(NodeStatuses.read(started, stateDir, ticker.millis()), freshness);
      return ExitCodes.OK;
    }

    private Integer coordinatorPort(Config config) {
      return Setting.flagOr("--coordinator-port", coordinatorPort, config, "scatter.cluster.coordinator-port",
          Config::getInt).require(p -> p >= 0 && p <= 65_535, "a port between 0 and 65535 (0 = any free port)");
    }

    /**
     * Every JVM at once: the nodes, then the coordinator beside them (not after them: it joins as
     * soon as one is Up, and its start-up overlaps theirs), then waits for all of them. If any of
     * them cannot start, all go: `up` did not do what was asked.
     */
    private LocalCluster start(Config config, Path stateDir, int perNode, Optional<Integer> port,
        LocalClusterTimes times) {
      NodeLauncher.Starting nodesStarting = new NodeLauncher(stateDir, ClusterMember.clusterName(config),
          Optional.ofNullable(common.configFile), jvmOptions, !noFaultInjection, ticker).launch(nodes, perNode, tls);
      Optional<CoordinatorLauncher.Starting> coordinator = Optional.empty();
      try {
        if (port.isPresent()) {
          coordinator = Optional.of(new CoordinatorLauncher(stateDir, Optional.ofNullable(common.configFile), ticker)
              .launch(nodesStarting.cluster(), port.get()));
        }
        LocalCluster up = nodesStarting.awaitUp(times.startLimit());
        LocalCluster serving = coordinator.isPresent() ? coordinator.get().awaitServing(up, times.startLimit()) : up;
        nodesStarting.archiveClassesInBackground();
        return serving;
      } catch (RuntimeException e) {
        coordinator.ifPresent(CoordinatorLauncher.Starting::abandon);
        nodesStarting.abandon();
        throw e;
      }
    }

    /**
     * Restarts what is dead of a cluster part of which lives: its dead nodes on their names and
     * ports, and its coordinator on its API port. Dead nodes join through a live node; with none
     * left, through the coordinator if it is still a member, else the first of them founds the
     * cluster again at its old address, where a coordinator the cluster removed is trying to rejoin.
     */
    private int restore(LocalCluster last, Config config, Path stateDir, StatusFreshness freshness) {
      List<String> dead = last.nodes().stream().filter(node -> !node.isAlive()).map(LocalCluster.Node::name).toList();
      Optional<LocalCluster.Coordinator> coordinator = last.coordinatorRecord();
      boolean coordinatorDead = coordinator.isPresent() && !coordinator.get().isAlive();
      if (dead.isEmpty() && !coordinatorDead) {
        throw new UserInputException("a local cluster is already running in " + stateDir + " ("
            + Plural.of(last.nodes().size(), "node") + "); 'scatter cluster down' stops it");
      }
      LocalClusterTimes times = LocalClusterTimes.from(config);
      LocalCluster restored = last;
      if (!dead.isEmpty()) {
        restored = new NodeLauncher(stateDir, last.clusterName(), Optional.ofNullable(common.configFile), jvmOptions,
            !noFaultInjection, ticker).revive(last, seedPort(last), times.startLimit());
        for (LocalCluster.Node node : restored.nodes()) {
          if (dead.contains(node.name())) {
            out().printf("restarted %s (pid %d) at %s%n", node.name(), node.pid(), node.address());
          }
        }
      }
      if (coordinatorDead) {
        int port = URI.create(coordinator.get().url()).getPort();
        CoordinatorLauncher.requireFree(port, "'scatter cluster down' and 'up'");
        restored = new CoordinatorLauncher(stateDir, Optional.ofNullable(common.configFile), ticker)
            .start(restored, port, times.startLimit());
        LocalCluster.Coordinator started = restored.coordinatorRecord().orElseThrow();
        out().printf("restarted the coordinator (pid %d), serving the job API on %s%n", started.pid(), started.url());
      }
      out().flush();
      warnAboutStaleStatus(NodeStatuses.read(restored, stateDir, ticker.millis()), freshness);
      return ExitCodes.OK;
    }

    /** Where dead nodes join: a live node; else the coordinator while it is a member; else the first node's own port. */
    private static int seedPort(LocalCluster last) {
      Optional<LocalCluster.Node> live = last.nodes().stream().filter(LocalCluster.Node::isAlive).findFirst();
      if (live.isPresent()) {
        return live.get().port();
      }
      Optional<LocalCluster.Coordinator> coordinator = last.coordinatorRecord()
          .filter(LocalCluster.Coordinator::isAlive).filter(c -> c.clusterPort() != null);
      if (coordinator.isPresent() && CoordinatorHealth.isMember(coordinator.get().url())) {
        return coordinator.get().clusterPort();
      }
      return last.nodes().get(0).port();
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the cluster's members with their state (as the nodes see it), pids and how old each "
          + "node's status is; warns when one is older than scatter.cluster.status-stale-after.")
  static final class Status extends Base {
    @Override
    public Integer call() {
      StatusFreshness freshness = StatusFreshness.from(config());
      Path stateDir = stateDir();
      LocalCluster local = LocalCluster.read(stateDir)
          .orElseThrow(() -> new UserInputException("no local cluster in " + stateDir + " ('scatter cluster up' starts one)"));
      NodeStatuses statuses = NodeStatuses.read(local, stateDir, ticker.millis());
      Optional<NodeStatuses.Entry> view = statuses.freshest();
      Map<String, NodeStatusFile.MemberView> members = new LinkedHashMap<>();
      view.flatMap(NodeStatuses.Entry::snapshot).ifPresent(v -> v.members().forEach(m -> members.put(m.address(), m)));
      out().printf("%-12s %8s  %-21s %-11s %-8s %s%n", "member", "pid", "address", "state", "age", "roles");
      for (NodeStatuses.Entry entry : statuses.entries()) {
        LocalCluster.Node node = entry.node();
        String address = node.address().pekkoAddress(local.clusterName());
        NodeStatusFile.MemberView member = members.remove(address);
        String state = !entry.alive() ? "dead" : member == null ? "not a member"
            : member.reachable() ? member.status().toLowerCase() : "unreachable";
        out().printf("%-12s %8d  %-21s %-11s %-8s %s%n", node.name(), node.pid(), node.address(), state,
            entry.ageText(), member == null ? "" : roles(member));
      }
      for (NodeStatusFile.MemberView other : members.values()) {
        out().printf("%-12s %8s  %-21s %-11s %-8s %s%n", "(other)", "-",
            other.address().replaceFirst("^pekko://[^@]+@", ""),
            other.reachable() ? other.status().toLowerCase() : "unreachable", "-", roles(other));
      }
      local.coordinatorRecord().ifPresent(c -> {
        Optional<String> trouble = c.isAlive() ? CoordinatorHealth.trouble(c.url()) : Optional.empty();
        out().printf("%-12s %8d  %-21s %-11s %-8s %s%n", c.name(), c.pid(), c.url().replaceFirst("^http://", ""),
            !c.isAlive() ? "dead" : trouble.isPresent() ? "removed" : "serving", "-", c.url());
        trouble.ifPresent(why -> out().printf("  the coordinator says: %s%n", why));
      });
      view.ifPresent(v -> out().printf("as seen by %s %s ago (age: how long ago each node last wrote its status)%n",
          v.node().name(), v.ageText()));
      out().flush();
      warnAboutStaleStatus(statuses, freshness);
      return ExitCodes.OK;
    }

    /** Roles worth reading: Pekko's own data-center role is left out. */
    private static String roles(NodeStatusFile.MemberView member) {
      return String.join(",", member.roles().stream().filter(role -> !role.startsWith("dc-")).toList());
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop the coordinator and every node at once, gracefully (SIGTERM; with nobody staying, they skip the "
          + "cluster leave) and "
          + "remove the state.")
  static final class Down extends Base {
    @Option(names = "--keep-journal", description = "keep the coordinator's job journal in the state folder: the "
        + "next 'cluster up' there lists its jobs again and resumes those that had not ended")
    boolean keepJournal;

    @Override
    public Integer call() {
      Path stateDir = stateDir();
      if (LocalCluster.read(stateDir).isEmpty()) {
        out().println("no local cluster in " + stateDir);
        return ExitCodes.OK;
      }
      NodeStopper.down(stateDir, LocalClusterTimes.from(config()), ticker, keepJournal).forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  @Command(name = "kill", mixinStandardHelpOptions = true,
      description = "SIGKILL one node (fault injection by hand): no goodbye, the cluster has to notice.")
  static final class Kill extends Base {
    @Parameters(paramLabel = "NODE", description = "the node's name, e.g. node-2 (see 'scatter cluster status'), "
        + "or coordinator: its jobs stay in its journal and resume when 'cluster up' starts it again")
    String node;

    @Override
    public Integer call() {
      if (node.equals(LocalCluster.Coordinator.NAME)) {
        long pid = NodeStopper.killCoordinator(stateDir(), LocalClusterTimes.from(config()), ticker);
        out().printf("killed the coordinator (pid %d) with SIGKILL; 'scatter cluster up' starts it again, and it "
            + "resumes its jobs from the journal%n", pid);
        return ExitCodes.OK;
      }
      LocalCluster.Node killed = NodeStopper.kill(stateDir(), node, LocalClusterTimes.from(config()), ticker);
      out().printf("killed %s (pid %d) with SIGKILL%n", killed.name(), killed.pid());
      return ExitCodes.OK;
    }
  }

}

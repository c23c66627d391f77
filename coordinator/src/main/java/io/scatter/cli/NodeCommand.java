package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterMember;
import io.scatter.node.ClusterSettings;
import io.scatter.node.ClusterTls;
import io.scatter.node.FaultInjection;
import io.scatter.node.JoinWatch;
import io.scatter.node.MemberStop;
import io.scatter.node.NodeDrain;
import io.scatter.node.NodeSettings;
import io.scatter.node.RejoinPolicy;
import io.scatter.node.WorkerNode;
import io.scatter.node.WorkerPool;
import io.scatter.node.WorkerSettings;
import io.scatter.node.lifeline.LifelineSettings;
import io.scatter.node.util.Latches;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
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
    description = {"Start a worker node: join a cluster, run one worker actor per core, leave on SIGTERM.",
        "A node the cluster downs (frozen or cut off too long) rejoins as a new incarnation (scatter.node.rejoin)."},
    footer = {"", "Examples:",
        "  scatter node --port 2551                               # the first node: it seeds a new cluster",
        "  scatter node --port 2552 --seed 127.0.0.1:2551 --workers 2",
        "  scatter node --name node-a --tls certs --port 2551     # mutual TLS, certificates from 'scatter certs'"})
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

  @Option(names = "--allow-fault-injection",
      description = {"obey halt, freeze and cutoff messages from any member of the cluster (--chaos), and turn on "
          + "Artery's test-mode for the cutoff; without it the node refuses them and says so "
          + "(default: off, or scatter.node.allow-fault-injection; 'cluster up' passes it to its nodes)"})
  boolean allowFaultInjection;

  @Mixin
  NodeClusterOptions cluster;

  @Mixin
  BindOptions bind;

  @Mixin
  TlsOption tls;

  @Mixin
  CommonOptions common;

  /** The command line is where the clock is chosen: the node and its waits to join read this one. */
  private final Ticker ticker = Ticker.system();

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65_535) {
      throw new UserInputException("--port must be between 1 and 65535, got " + port);
    }
    Config base = bind.apply(cluster.clusterConfig(common));
    String nodeName = name != null ? name : "node-" + port;
    List<ClusterAddress> seeds = cluster.seeds != null ? ClusterAddress.parseList(cluster.seeds)
        : List.of(new ClusterAddress(cluster.host, port));
    int workerCount = WorkerPool.resolveCount(
        Setting.flagOr("--workers", workers, base, "scatter.cluster.workers-per-node", Config::getInt)
            .require(n -> n >= 0, "at least 1 (or 0 for one per core)"));
    List<String> roles = List.of(ClusterMember.WORKER_ROLE, ClusterMember.NAME_ROLE_PREFIX + nodeName);
    boolean faultInjection = FaultInjection.allowed(base, allowFaultInjection);
    // Every incarnation is built from base: the decision holds for all of them.
    base = FaultInjection.configure(base, faultInjection);
    base = tls.configure(tls.allowingPlainTcp(base), nodeName);
    Config config = ClusterMember.configure(base, cluster.host, port, seeds, roles);
    ClusterSettings clusterSettings = ClusterSettings.from(config);
    String clusterName = clusterSettings.name();
    Duration joinTimeout = clusterSettings.joinTimeout();
    // All of scatter.node, the drain too (the node reads it again only when it stops): a bad value stops it here.
    RejoinPolicy rejoin = NodeSettings.from(config).rejoin();
    // Read by the running node only when it first needs them; checked here so a bad value stops it before it joins.
    LifelineSettings.from(config);
    Incarnations incarnations = new Incarnations(nodeName, workerCount, TaskRegistry.load(),
        Optional.ofNullable(cluster.stateDir), base, roles, joinTimeout);

    ActorSystem<WorkerNode.Event> system = incarnations.start(config);
    PrintWriter out = spec.commandLine().getOut();
    if (!JoinWatch.awaitUp(system, joinTimeout, ticker)) {
      system.terminate();
      throw new NodeFailure(nodeName + " could not join cluster '" + clusterName + "' through " + seeds + " within "
          + joinTimeout.toSeconds() + " s: is a node of cluster '" + clusterName + "' listening there"
          + (ClusterTls.enabled(config) ? ", on mutual TLS with certificates of the same CA?" : ", on plain TCP?"));
    }
    out.printf("%s joined cluster '%s' at %s:%d with %d worker%s (pid %d)%n", nodeName, clusterName, cluster.host, port,
        workerCount, workerCount == 1 ? "" : "s", ProcessHandle.current().pid());
    out.println(faultInjection
        ? "fault injection on: any member of the cluster may halt, freeze or cut off " + nodeName
        : "fault injection off: " + nodeName + " refuses halt, freeze and cutoff messages (--allow-fault-injection)");
    out.println(TlsOption.describe(config));
    out.flush();
    // SIGTERM ends the running incarnation with a JVM-exit reason (MemberStop.onJvmExit: without a leave
    // when `cluster down` stops every member at once); this flag also covers a SIGTERM that arrives
    // while no system is running (between incarnations).
    AtomicBoolean stopRequested = new AtomicBoolean();
    AtomicReference<ActorSystem<WorkerNode.Event>> running = new AtomicReference<>(system);
    CountDownLatch said = new CountDownLatch(1);
    Thread stopHook = new Thread(() -> {
      stopRequested.set(true);
      ActorSystem<WorkerNode.Event> current = running.get();
      if (current != null && !current.getWhenTerminated().toCompletableFuture().isDone()) {
        // The JVM halts once its hooks have returned: hold it for the line the node says last (a
        // stop without a leave ended before this thread could print it, at times).
        long limit = CoordinatedShutdown.get(Adapter.toClassic(current)).totalTimeout().toMillis();
        Latches.await(said, Duration.ofMillis(limit));
      }
    }, "scatter-node-stop");
    Runtime.getRuntime().addShutdownHook(stopHook);
    try {
      while (system != null) {
        incarnations.ended().toCompletableFuture().join();
        Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason();
        String why = reason.map(Object::toString).orElse("stopped");
        if (stopRequested.get() && incarnations.ending() == MemberStop.Ending.TOGETHER) {
          out.printf("%s stopped together with every other member of the cluster, without a leave (%s)%n", nodeName, why);
          out.flush();
          // Its workers and everything else of its own have stopped; what is left is Artery's flush to
          // members that are stopping too and never answer (250 ms of every `cluster down`), and Pekko's
          // own actors. A kill -9 now would lose nothing either.
          Runtime.getRuntime().halt(ExitCodes.OK);
        } else {
          out.printf("%s left the cluster (%s)%n", nodeName, why);
        }
        out.flush();
        if (!rejoin.shouldRejoin(reason, stopRequested.get())) {
          return ExitCodes.OK;
        }
        system = incarnations.rejoin(rejoin, new ClusterAddress(cluster.host, port), seeds, stopRequested, out);
        running.set(system);
      }
      return ExitCodes.OK;
    } finally {
      said.countDown();
      removeHook(stopHook);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook has run or is running, as it should.
    }
  }

  /**
   * Starts this node's actor systems: the first, and after a downing a new incarnation on the same
   * name, host and port (a new uid), with fresh workers, its status file written anew.
   */
  private final class Incarnations {
    private final String nodeName;
    private final int workerCount;
    private final TaskRegistry registry;
    private final Optional<Path> stateDir;
    private final Config base;
    private final List<String> roles;
    private final Duration joinTimeout;
    /** The other members the latest incarnation saw: where a new one asks to join. */
    private final AtomicReference<RejoinPolicy.LastSeen> peersSeen = new AtomicReference<>(RejoinPolicy.LastSeen.NONE);
    /** How the incarnation a SIGTERM ended ended: for the line the node says last. */
    private final AtomicReference<MemberStop.Ending> ending = new AtomicReference<>(MemberStop.Ending.LEAVE);
    private final AtomicReference<CompletionStage<Done>> ended = new AtomicReference<>();

    Incarnations(String nodeName, int workerCount, TaskRegistry registry, Optional<Path> stateDir, Config base,
        List<String> roles, Duration joinTimeout) {
      this.nodeName = nodeName;
      this.workerCount = workerCount;
      this.registry = registry;
      this.stateDir = stateDir;
      this.base = base;
      this.roles = roles;
      this.joinTimeout = joinTimeout;
    }

    ActorSystem<WorkerNode.Event> start(Config memberConfig) {
      Config config = MemberStop.withoutPekkosJvmHook(NodeDrain.configure(memberConfig));
      try {
        ActorSystem<WorkerNode.Event> started = ActorSystem.create(WorkerNode.create(nodeName, workerCount, registry::bind, WorkerSettings.from(config),
            stateDir, new CompletableFuture<>(), peersSeen::set, ticker), ClusterMember.clusterName(config), config);
        ended.set(MemberStop.onJvmExit(started, stateDir, ending::set).ended());
        return started;
      } catch (RuntimeException e) {
        throw new UserInputException("cannot start node on " + cluster.host + ":" + port + ": " + rootMessage(e));
      }
    }

    MemberStop.Ending ending() {
      return ending.get();
    }

    /** When the latest incarnation has ended (MemberStop.onJvmExit says when that is). */
    CompletionStage<Done> ended() {
      return ended.get();
    }

    /**
     * Joins again as a new incarnation, with growing waits between attempts.
     *
     * @return the new, Up system; null if the process was asked to stop meanwhile
     * @throws NodeFailure when every attempt failed
     */
    ActorSystem<WorkerNode.Event> rejoin(RejoinPolicy policy, ClusterAddress self, List<ClusterAddress> configured,
        AtomicBoolean stopRequested, PrintWriter out) {
      List<ClusterAddress> seeds = List.of();
      for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
        RejoinPolicy.Plan plan = policy.plan(attempt, configured, self, peersSeen.get());
        seeds = plan.seeds();
        Duration wait = policy.backoff(attempt);
        out.printf("%s was downed without being asked to stop; rejoining as a new incarnation in %.1f s through %s "
            + "(attempt %d of %d)%n", nodeName, wait.toMillis() / 1000.0, seeds, attempt, policy.attempts());
        Config incarnation = ClusterMember.configure(base, self.host(), self.port(), seeds, roles);
        if (plan.founds() && seeds.size() > 1) {
          // Pekko's first-seed process: join whoever says it is a member, found once all say they are not.
          incarnation = incarnation.withValue("pekko.cluster.seed-node-timeout",
              ConfigValueFactory.fromAnyRef(policy.foundWait().toMillis() + "ms"));
          out.printf("%s founds cluster '%s' again if none of %s is a member "
              + "(all say so, or no answer within %.1f s)%n", nodeName, ClusterMember.clusterName(base),
              seeds.subList(1, seeds.size()), policy.foundWait().toMillis() / 1000.0);
        }
        out.flush();
        if (!sleep(wait) || stopRequested.get()) {
          return null;
        }
        ActorSystem<WorkerNode.Event> system;
        try {
          system = start(incarnation);
        } catch (UserInputException e) {
          // The old incarnation's port can take a moment to be released.
          out.printf("%s: %s%n", nodeName, e.getMessage());
          continue;
        }
        if (JoinWatch.awaitUp(system, joinTimeout, ticker)) {
          Cluster member = Cluster.get(system);
          out.printf("%s rejoined cluster '%s' at %s as a new incarnation (uid %d) with %d worker%s%n", nodeName,
              ClusterMember.clusterName(base), self, member.selfMember().uniqueAddress().longUid(), workerCount,
              workerCount == 1 ? "" : "s");
          out.flush();
          return system;
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      throw new NodeFailure(nodeName + " could not rejoin cluster '" + ClusterMember.clusterName(base) + "' through "
          + seeds + " in " + policy.attempts() + " attempts; it stops here ('scatter cluster up' restarts it)");
    }

    /** @return false if interrupted */
    private boolean sleep(Duration wait) {
      try {
        Thread.sleep(wait.toMillis());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
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

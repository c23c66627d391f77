package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.chaos.ChaosSettings;
import io.scatter.node.ClusterAddress;
import io.scatter.node.ClusterMember;
import io.scatter.node.ClusterSettings;
import io.scatter.node.JoinWatch;
import io.scatter.node.MemberStop;
import io.scatter.node.RejoinPolicy;
import io.scatter.node.lifeline.LifelineSettings;
import io.scatter.node.util.ActorSystems;
import io.scatter.node.util.Latches;
import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.wire.WireMeters;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cluster} mode: this JVM joins the cluster as a coordinator (no workers of its own), waits
 * for the workers the other JVMs registered, and runs jobs on them. Every message crosses a JVM
 * boundary, serialized by Kryo over Artery TCP. One membership serves every run of this runner,
 * and runs from several threads go on at once, sharing the workers; each job's wire bytes are its
 * own ({@link WireMeters}). {@link #close()} leaves the cluster gracefully.
 *
 * <p>A coordinator the cluster removes (downed as the minority when it lost sight of its nodes, or
 * after a split the Split Brain Resolver settled against it) loses its actor system: the jobs it
 * ran fail saying so, {@link #trouble()} says so (and {@code GET /health} with it), and it rejoins
 * as a new incarnation the way a node does, through its seeds, backing off from
 * {@code scatter.node.rejoin-backoff} to {@code rejoin-max-backoff}; the next job also rejoins.
 */
public final class ClusterRunner implements JobRunner, JobBackend {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRunner.class);


  private final Config config;
  private final List<ClusterAddress> seeds;
  /** How a coordinator the cluster removed comes back: as a node does ({@code scatter.node.rejoin*}). */
  private final RejoinPolicy rejoin;
  private final ClusterSettings cluster;
  private final CoordinatorSettings settings;
  private final ChaosSettings chaos;
  private final Ticker ticker;
  /** Lifeline closes, unreachable members and wire traffic, over every incarnation. */
  private final ClusterCounts counts = new ClusterCounts();
  /** Guarded by this: runs on several threads share it. */
  private ActorSystem<ClusterDriver.Command> system;
  /** How {@link #system} ends; guarded by this, like it. */
  private MemberStop.Exit exit;
  /** The jobs {@link #system} is running; guarded by this, like it. */
  private PendingJobs pending;
  /** {@link #close()} was called: no rejoining. Guarded by this. */
  private boolean closed;
  /** Counted down when {@link #close} begins: what a coordinator stopping with every member waits for. */
  private final CountDownLatch closing = new CountDownLatch(1);
  /**
   * When the cluster removed this coordinator, by {@link #ticker}; 0 while it is a member.
   * Written under this; read without it, so {@code GET /health} answers while a rejoin holds the lock.
   */
  private volatile long removedAtNanos;
  /** Rejoins after a removal; made on the first one. Guarded by this. */
  private ScheduledExecutorService rejoiner;

  /**
   * @param clusterConfig a cluster member's configuration ({@code ScatterConfig.loadForCluster})
   * @param host          the address this coordinator listens on; workers send results to it
   */
  public ClusterRunner(Config clusterConfig, List<ClusterAddress> seeds, String host) {
    this(clusterConfig, seeds, host, Ticker.system());
  }

  /** @param ticker what this coordinator and its jobs read the time from */
  public ClusterRunner(Config clusterConfig, List<ClusterAddress> seeds, String host, Ticker ticker) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("cluster mode needs at least one seed (--seed HOST:PORT)");
    }
    this.cluster = ClusterSettings.from(clusterConfig);
    // A fixed port when told (--cluster-port): a firewall between the nodes and the coordinator needs one.
    this.config = MemberStop.withoutPekkosJvmHook(ClusterMember.configure(clusterConfig, host,
        cluster.coordinatorClusterPort(), seeds, List.of(ClusterMember.COORDINATOR_ROLE)));
    LifelineSettings.from(config); // read when the system starts; a bad value is refused here, in one line
    this.seeds = List.copyOf(seeds);
    this.rejoin = RejoinPolicy.from(config);
    this.settings = CoordinatorSettings.from(config);
    this.chaos = ChaosSettings.from(config);
    this.ticker = ticker;
  }

  @Override
  public ExecutionMode mode() {
    return ExecutionMode.CLUSTER;
  }

  @Override
  public RunResult run(Job job, ProgressListener progress) {
    ActorSystem<ClusterDriver.Command> joined = join();
    // CPU time is what the nodes' workers report with their results, not this JVM's (see Measurement).
    return Measurement.measure(ticker, mode(), null, job, () -> Futures.await(start(job, progress), "the coordinator"));
  }

  @Override
  public void open() {
    join();
  }

  @Override
  public CompletableFuture<JobOutcome> start(Job job, ProgressListener progress) {
    ActorSystem<ClusterDriver.Command> joined;
    CompletableFuture<JobOutcome> done;
    synchronized (this) {
      joined = join();
      done = pending.add(job);
    }
    if (!done.isDone()) { // done already: refused (the same id running) or the system stopped
      joined.tell(new ClusterDriver.RunJob(job, progress, done));
    }
    return done;
  }

  @Override
  public void cancel(String jobId) {
    ActorSystem<ClusterDriver.Command> joined;
    synchronized (this) {
      joined = system;
    }
    if (joined != null) {
      joined.tell(new ClusterDriver.CancelJob(jobId));
    }
  }

  /** {@inheritDoc} Every member of the cluster, this coordinator included (it has no workers). */
  @Override
  public CompletableFuture<List<NodeReport>> nodes(Duration patience) {
    CompletableFuture<List<NodeReport>> done = new CompletableFuture<>();
    join().tell(new ClusterDriver.ReportNodes(patience, done));
    return done;
  }

  /** Joins on first use and waits for the cluster's workers; failures name the seeds and the limit. */
  private synchronized ActorSystem<ClusterDriver.Command> join() {
    if (system != null && !system.whenTerminated().isCompleted()) {
      return system;
    }
    if (closed) {
      throw new IllegalStateException("this coordinator has left the cluster");
    }
    system = null; // none yet, or one the cluster removed: a new incarnation joins below
    Duration joinTimeout = cluster.joinTimeout();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    ActorSystem<ClusterDriver.Command> incarnation = startIncarnation(ready);
    // Counted from the first system's start, as Pekko counts its own give-up: the user's limit, whole.
    long deadline = ticker.read() + joinTimeout.toNanos();
    while (!JoinWatch.awaitUp(incarnation, Duration.ofNanos(Math.max(0, deadline - ticker.read())), ticker)) {
      // Downed while it joined: a JVM starting on a loaded machine can go silent long enough for the
      // members to give up on it. That is no answer to whether it can join, so a new incarnation
      // tries again in what is left of the limit. Any other end (no seed answered, the limit) is one.
      boolean downed = incarnation.whenTerminated().isCompleted() && rejoin.shouldRejoin(
          CoordinatedShutdown.get(Adapter.toClassic(incarnation)).getShutdownReason(), false);
      leave();
      if (!downed || deadline - ticker.read() <= 0) {
        throw new IllegalStateException("could not join cluster '" + cluster.name() + "' through "
            + seeds + " within " + joinTimeout.toSeconds() + " s; is a node running there ('scatter cluster up')?");
      }
      LOG.warn("the cluster downed this coordinator while it was joining; joining again through {} ({} s left)",
          seeds, (deadline - ticker.read()) / 1_000_000_000);
      ready = new CompletableFuture<>();
      incarnation = startIncarnation(ready);
    }
    // Seeing the workers is part of joining: it takes gossip and the settle time, which a loaded
    // machine stretches, so it gets the join's limit, not worker-wait (how long a job goes without any).
    try {
      ready.get(joinTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      leave();
      throw new IllegalStateException("no workers registered in cluster '" + cluster.name()
          + "' within " + joinTimeout.toSeconds() + " s (seeds " + seeds + ")");
    } catch (InterruptedException e) {
      // Left as the timeout leaves: a member nobody closes would hold its JVM's exit for the leave.
      leave();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for workers", e);
    } catch (ExecutionException e) {
      leave();
      throw new IllegalStateException("waiting for workers failed: " + e.getCause(), e);
    }
    if (removedAtNanos != 0) {
      LOG.info("rejoined cluster '{}' as a new incarnation, {} s after it removed this coordinator",
          cluster.name(), (ticker.read() - removedAtNanos) / 1_000_000_000);
      removedAtNanos = 0;
    }
    return system;
  }

  /** A new incarnation's actor system, joining; {@code ready} completes once it sees the cluster's workers. */
  private ActorSystem<ClusterDriver.Command> startIncarnation(CompletableFuture<Integer> ready) {
    system = ActorSystem.create(ClusterDriver.create(settings, cluster.workerSettle(), ready, ticker, counts),
        cluster.name(), config);
    counts.incarnation(WireMeters.get(system));
    // A coordinator the cluster downs (it lost sight of every node) stops its actor system: the
    // answers of the jobs running will never come, so that ends their wait too.
    pending = new PendingJobs(system, job -> "this coordinator was removed from the cluster before job " + job.id()
        + " finished (it lost contact with the nodes; see 'scatter cluster status')");
    ActorSystem<ClusterDriver.Command> incarnation = system;
    incarnation.getWhenTerminated().thenRun(() -> removed(incarnation));
    // Alone, the coordinator leaves as soon as the JVM is told to exit, as Pekko's own hook did. With
    // every member stopping it waits for whoever closes it (the `coordinator` command: after its API and
    // its jobs, which a journal then resumes): ended first, its jobs would end as failed.
    exit = MemberStop.onJvmExit(incarnation, Optional.of(cluster.stateDir()), ending -> {
      if (ending == MemberStop.Ending.TOGETHER) {
        Latches.await(closing, settings.leaveTimeout());
      }
    });
    return incarnation;
  }

  /**
   * An incarnation's actor system ended. Downed (not closed, not replaced, not the JVM's shutdown):
   * the cluster removed it, and a new one rejoins as {@link RejoinPolicy} says for nodes.
   */
  private void removed(ActorSystem<ClusterDriver.Command> incarnation) {
    Optional<CoordinatedShutdown.Reason> reason =
        CoordinatedShutdown.get(Adapter.toClassic(incarnation)).getShutdownReason();
    synchronized (this) {
      if (closed || system != incarnation || removedAtNanos != 0 || !rejoin.shouldRejoin(reason, false)) {
        return;
      }
      removedAtNanos = ticker.read();
      LOG.warn("the cluster removed this coordinator; rejoining through {}", seeds);
      rejoinAfter(1);
    }
  }

  private synchronized void rejoinAfter(int attempt) {
    if (closed) {
      return;
    }
    if (rejoiner == null) {
      rejoiner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scatter-coordinator-rejoin");
        thread.setDaemon(true);
        return thread;
      });
    }
    // Unlike a node, a coordinator serving the API never gives up: it says why on /health meanwhile.
    rejoiner.schedule(() -> {
      try {
        join();
      } catch (RuntimeException e) {
        LOG.warn("rejoining failed ({}); trying again in {} s", e.getMessage(), rejoin.backoff(attempt + 1).toSeconds());
        rejoinAfter(attempt + 1);
      }
    }, rejoin.backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port this coordinator's cluster member listens on; nodes can join the cluster through it. */
  public int clusterPort() {
    return cluster.coordinatorClusterPort(); // what configure() gave the member as its canonical port
  }

  /** {@inheritDoc} Here: the cluster removed this coordinator, and it has not rejoined yet. */
  @Override
  public Optional<String> trouble() {
    long removed = removedAtNanos;
    if (removed == 0) {
      return Optional.empty();
    }
    return Optional.of("the cluster removed this coordinator " + (ticker.read() - removed) / 1_000_000_000
        + " s ago (it lost sight of its nodes); the jobs it ran then failed; rejoining through " + seeds);
  }

  /** {@inheritDoc} Here: over every incarnation since this runner was made, without joining. */
  @Override
  public BackendCounts counts() {
    return counts.read();
  }

  /**
   * What this coordinator's serializer wrote and read, per job and in all ({@link WireMeters#total()},
   * {@link WireMeters#unattributed()}): a job's own figure comes in its stats. Joins first if needed.
   */
  public WireMeters wireMeters() {
    return WireMeters.get(join());
  }

  /** The reachable, Up worker nodes of the cluster: node name to {@code host:port}. Joins first if needed. */
  public Map<String, String> workerNodes() {
    ClusterEvent.CurrentClusterState state = Cluster.get(join()).state();
    Map<String, String> nodes = new TreeMap<>();
    for (Member member : state.getMembers()) {
      if (member.status() == MemberStatus.up() && member.hasRole(ClusterMember.WORKER_ROLE)
          && !state.getUnreachable().contains(member)) {
        String hostPort = member.address().host().get() + ":" + member.address().port().get();
        String name = member.getRoles().stream().filter(role -> role.startsWith(ClusterMember.NAME_ROLE_PREFIX))
            .map(role -> role.substring(ClusterMember.NAME_ROLE_PREFIX.length())).findFirst().orElse(hostPort);
        nodes.put(name, hostPort);
      }
    }
    return nodes;
  }

  /**
   * The worker nodes holding leased partitions of this coordinator's jobs now (name to
   * {@code host:port}), as the job coordinators answer within {@code scatter.chaos.census-wait};
   * empty when none holds any or none answered in time.
   */
  public Map<String, String> busyWorkerNodes() {
    Map<String, String> live = workerNodes();
    try {
      Duration wait = chaos.censusWait();
      Set<String> busy = nodes(wait).get(2 * wait.toMillis(), TimeUnit.MILLISECONDS).stream()
          .filter(node -> node.workers().stream().anyMatch(worker -> worker.leased() > 0))
          .map(NodeReport::address).collect(Collectors.toSet());
      Map<String, String> held = new TreeMap<>(live);
      held.values().retainAll(busy);
      return held;
    } catch (TimeoutException | ExecutionException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /**
   * Sends a fault-injection command to the control actor of the node at {@code host:port}.
   *
   * @return the node's answer; fails when none came within {@code scatter.chaos.answer-wait}
   */
  public CompletionStage<FaultAnswer> control(String hostPort,
      Function<ActorRef<FaultAnswer>, NodeControlCommand> command) {
    ActorSystem<?> joined = join();
    ActorRef<NodeControlCommand> control = ActorRefResolver.get(joined).resolveActorRef(
        "pekko://" + cluster.name() + "@" + hostPort + NodeControlCommand.PATH);
    return AskPattern.ask(control, command::apply, chaos.answerWait(), joined.scheduler());
  }

  /**
   * Resets this coordinator's lifeline connection from the node at {@code host:port}, as a network
   * blip would: the node lives on, its partitions run again elsewhere (duplicates, never a wrong
   * answer), and it is served again once it is heard from. Fault injection, for tests and experiments.
   */
  public void resetLifeline(String hostPort) {
    join().tell(new ClusterDriver.ResetLifeline(hostPort));
  }

  @Override
  public void close() {
    closing.countDown();
    synchronized (this) {
      closed = true;
      if (rejoiner != null) {
        rejoiner.shutdownNow();
      }
    }
    leave();
  }

  /** Leaves the cluster with the incarnation there is, if any; a later {@link #join()} may start another. */
  private void leave() {
    ActorSystem<?> leaving;
    MemberStop.Exit ends;
    synchronized (this) {
      leaving = system;
      ends = exit;
      system = null;
    }
    if (leaving == null) {
      return;
    }
    MemberStop.Ending ending = MemberStop.ending(leaving, Optional.of(cluster.stateDir()));
    MemberStop.run(leaving, ending, CoordinatedShutdown.unknownReason());
    // Stopping with every member, not the flush to them too (MemberStop.Exit).
    if (!ActorSystems.await(ends.endOf(ending), settings.leaveTimeout())) {
      // A leave nobody answers (every node gone): what is left of its phases would hold the JVM's exit.
      LOG.warn("the cluster did not complete this coordinator's leave within {} s; its actor system ends now "
          + "(the nodes see it unreachable, and their resolver removes it)", settings.leaveTimeout().toSeconds());
      ActorSystems.endNow(leaving);
    }
  }
}

package io.scatter.coordinator;

import io.scatter.node.ClusterMember;
import io.scatter.node.Worker;
import io.scatter.node.lifeline.LifelineSettings;
import io.scatter.protocol.WorkerCommand;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The guardian of a coordinator JVM in cluster mode: follows the Receptionist listing of workers
 * across the cluster, says when it has settled, and has its {@link JobSupervisor} run any number of
 * jobs at once on whatever workers are reachable, passing every later change of the listing on to
 * all of them. The workers share themselves among the jobs (see the node's FairShare).
 * It also owns this JVM's {@link LifelineServer}: a node's lifeline closing is passed to every job
 * at once, so a dead process's partitions run again without waiting for the failure detector.
 */
final class ClusterDriver {

  sealed interface Command { }

  /** Pekko gives every member a role naming its data centre; it says nothing to a user of scatter. */
  private static final String DATA_CENTER_ROLE_PREFIX = "dc-";

  /** Run a job and complete {@code done} with its outcome; other jobs may be running. */
  record RunJob(Job job, ProgressListener progress, CompletableFuture<JobOutcome> done) implements Command { }

  /** Cancel a running job (see {@link JobCoordinator.Cancel}); an ended or unknown one is left alone. */
  record CancelJob(String jobId) implements Command { }

  /**
   * Complete {@code done} with the cluster's members, their workers and what each holds of the jobs
   * running here (see {@link NodeCensus}), within about {@code patience}.
   */
  record ReportNodes(Duration patience, CompletableFuture<List<NodeReport>> done) implements Command { }

  /**
   * Resets the lifelines of the nodes at {@code hostPort} as a network blip would (the nodes live on and
   * connect again): fault injection, and how tests show a blip costs duplicates only.
   */
  record ResetLifeline(String hostPort) implements Command { }

  private record ListingChanged(Receptionist.Listing listing) implements Command { }

  /** The failure detector lost or regained a member: counted for the metrics. */
  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command { }

  /** A node's lifeline opened (it said hello) or closed; told from the lifeline server's thread. */
  private record LifelineChanged(String node, boolean open) implements Command { }

  private enum Settled implements Command { INSTANCE }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Duration settle;
  private final CompletableFuture<Integer> ready;
  /** Runs the jobs; this driver says which workers each starts with and what news they all hear. */
  private final ActorRef<JobSupervisor.Command> jobs;
  /** The runner's counts, which outlive this incarnation. */
  private final ClusterCounts counts;
  private Set<ActorRef<WorkerCommand>> reachable = Set.of();
  /** Every worker listed, those on unreachable nodes too: what {@code GET /nodes} shows. */
  private Set<ActorRef<WorkerCommand>> listed = Set.of();
  /** Null when the lifeline is off or could not listen. */
  private final LifelineServer lifelines;
  /** Downs the dead among the nodes with lifelines; null without lifelines or when scatter.lifeline.down-dead-nodes is off. */
  private final ActorRef<DeadNodeReaper.Command> reaper;
  /** Nodes whose lifeline closed and has not opened again; when it does, the jobs hear of it. */
  private final Set<String> linesClosed = new HashSet<>();

  private ClusterDriver(ActorContext<Command> context, TimerScheduler<Command> timers, CoordinatorSettings settings,
      Duration settle, CompletableFuture<Integer> ready, Ticker ticker, ClusterCounts counts) {
    this.context = context;
    this.counts = counts;
    this.timers = timers;
    this.lifelines = startLifelines(context, ticker);
    this.reaper = lifelines != null && LifelineSettings.from(context.getSystem().settings().config()).downDeadNodes()
        ? context.spawn(DeadNodeReaper.create(), "dead-node-reaper") : null;
    this.settle = settle;
    this.ready = ready;
    this.jobs = context.spawn(JobSupervisor.create(
        lifelines == null ? settings : settings.withLifeline(lifelines.hostPort()), ticker), "jobs");
    // Its failure is the driver's: the system stops, and PendingJobs fails the jobs it ran.
    context.watch(jobs);
  }

  /**
   * @param ready completed with the worker count once the listing is non-empty and lists every reachable
   *              worker node that is Up, or has not changed for {@code settle}, so a first job starts with
   *              every node's workers, not the first to gossip
   */
  static Behavior<Command> create(CoordinatorSettings settings, Duration settle, CompletableFuture<Integer> ready,
      Ticker ticker, ClusterCounts counts) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
      context.getSystem().receptionist().tell(Receptionist.subscribe(Worker.SERVICE_KEY, adapter));
      ActorRef<ClusterEvent.ReachabilityEvent> reachability =
          context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new);
      Cluster.get(context.getSystem()).subscriptions()
          .tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
      return new ClusterDriver(context, timers, settings, settle, ready, ticker, counts).driving();
    }));
  }

  private static LifelineServer startLifelines(ActorContext<Command> context, Ticker ticker) {
    LifelineSettings lifeline = LifelineSettings.from(context.getSystem().settings().config());
    String host = context.getSystem().address().getHost().orElse(null);
    if (!lifeline.enabled() || host == null) {
      return null;
    }
    ActorRef<Command> self = context.getSelf();
    try {
      return LifelineServer.start(host, lifeline, ticker, new LifelineServer.Listener() {
        @Override
        public void opened(String node) {
          self.tell(new LifelineChanged(node, true));
        }

        @Override
        public void closed(String node) {
          self.tell(new LifelineChanged(node, false));
        }
      });
    } catch (IOException e) {
      context.getLog().warn("no lifeline on {}: {}; a dead node is noticed by the failure detector alone", host,
          e.toString());
      return null;
    }
  }

  private Behavior<Command> driving() {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, this::onListing)
        .onMessage(ReachabilityChanged.class, this::onReachability)
        .onMessageEquals(Settled.INSTANCE, this::onSettled)
        .onMessage(RunJob.class, this::onRunJob)
        .onMessage(CancelJob.class, this::onCancelJob)
        .onMessage(ReportNodes.class, this::onReportNodes)
        .onMessage(LifelineChanged.class, this::onLifelineChanged)
        .onMessage(ResetLifeline.class, this::onResetLifeline)
        .onSignal(PostStop.class, stop -> {
          if (lifelines != null) {
            lifelines.close();
          }
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onListing(ListingChanged changed) {
    reachable = Set.copyOf(changed.listing().getServiceInstances(Worker.SERVICE_KEY));
    listed = Set.copyOf(changed.listing().getAllServiceInstances(Worker.SERVICE_KEY));
    jobs.tell(new JobSupervisor.TellAll(new JobCoordinator.WorkersChanged(reachable)));
    if (!ready.isDone() && !reachable.isEmpty()) {
      if (listsEveryWorkerNode()) {
        timers.cancel(Settled.INSTANCE);
        onSettled();
      } else {
        timers.startSingleTimer(Settled.INSTANCE, settle);
      }
    }
    return Behaviors.same();
  }

  /**
   * Whether every reachable worker node that is Up lists a worker here: then nothing is left to wait
   * for, and the settle time (a fixed second of {@code cluster up}'s, of every {@code run --mode
   * cluster}'s) only covers nodes that are still joining, whose workers the jobs hear of when they come.
   */
  private boolean listsEveryWorkerNode() {
    Cluster cluster = Cluster.get(context.getSystem());
    Address self = cluster.selfMember().address();
    Set<Address> listing = new HashSet<>();
    for (ActorRef<WorkerCommand> worker : reachable) {
      Address address = worker.path().address();
      listing.add(address.hasLocalScope() ? self : address);
    }
    ClusterEvent.CurrentClusterState state = cluster.state();
    for (Member member : state.getMembers()) {
      boolean up = member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp();
      if (up && member.hasRole(ClusterMember.WORKER_ROLE) && !state.getUnreachable().contains(member)
          && !listing.contains(member.address())) {
        return false;
      }
    }
    return true;
  }

  /** The listing tells the jobs which workers they lost; this only counts how often the detector lost a member. */
  private Behavior<Command> onReachability(ReachabilityChanged changed) {
    if (changed.event() instanceof ClusterEvent.UnreachableMember) {
      counts.becameUnreachable();
    }
    return Behaviors.same();
  }

  /**
   * Tells the jobs of a line that closed, and of one that opens again after it closed: its node
   * dropped this JVM's jobs when it saw the line close, so each job offers it its work again, even
   * a job that started while the line was down. A line opening for the first time is no news to them.
   */
  private Behavior<Command> onLifelineChanged(LifelineChanged changed) {
    if (!changed.open()) {
      counts.lifelineClosed();
      context.getLog().info("lifeline of {} closed: its partitions run again at once", changed.node());
    }
    if (reaper != null) {
      reaper.tell(new DeadNodeReaper.Lifeline(changed.node(), changed.open()));
    }
    if (changed.open() && !linesClosed.remove(changed.node())) {
      return Behaviors.same();
    }
    if (!changed.open()) {
      linesClosed.add(changed.node());
    }
    jobs.tell(new JobSupervisor.TellAll(new JobCoordinator.NodeLifeline(changed.node(), changed.open())));
    return Behaviors.same();
  }

  private Behavior<Command> onResetLifeline(ResetLifeline reset) {
    if (lifelines != null) {
      lifelines.reset(node -> node.endsWith("@" + reset.hostPort()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onSettled() {
    ready.complete(reachable.size());
    return Behaviors.same();
  }

  private Behavior<Command> onRunJob(RunJob run) {
    jobs.tell(new JobSupervisor.Start(run.job(), List.copyOf(reachable), run.progress(), run.done()));
    return Behaviors.same();
  }

  private Behavior<Command> onCancelJob(CancelJob cancel) {
    jobs.tell(new JobSupervisor.Cancel(cancel.jobId()));
    return Behaviors.same();
  }

  private Behavior<Command> onReportNodes(ReportNodes report) {
    Cluster cluster = Cluster.get(context.getSystem());
    ClusterEvent.CurrentClusterState state = cluster.state();
    Address self = cluster.selfMember().address();
    List<NodeReport> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      members.add(member(member, !state.getUnreachable().contains(member), member.address().equals(self)));
    }
    jobs.tell(new JobSupervisor.ReportNodes(members, List.copyOf(listed), NodeCensus.hostPort(self),
        report.patience(), report.done()));
    return Behaviors.same();
  }

  /** A member as {@code GET /nodes} shows it: the name and scatter roles out of its Pekko roles. */
  private static NodeReport member(Member member, boolean reachable, boolean self) {
    Optional<String> name = Optional.empty();
    List<String> roles = new ArrayList<>();
    for (String role : member.getRoles()) {
      if (role.startsWith(ClusterMember.NAME_ROLE_PREFIX)) {
        name = Optional.of(role.substring(ClusterMember.NAME_ROLE_PREFIX.length()));
      } else if (!role.startsWith(DATA_CENTER_ROLE_PREFIX)) {
        roles.add(role);
      }
    }
    roles.sort(null);
    return new NodeReport(NodeCensus.hostPort(member.address()), name, roles,
        member.status().toString().toLowerCase(Locale.ROOT), reachable, self, List.of());
  }
}

package io.scatter.node;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.protocol.wire.JobWireTypes;
import io.scatter.protocol.wire.WireBudget;
import io.scatter.node.code.NodeCode;
import io.scatter.node.lifeline.Lifelines;
import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A worker actor: pulls partitions from the coordinators of every job it is offered, runs them,
 * and sends each job's outcomes back with that job's next pull. Jobs share the worker by weight:
 * the next partition to run comes from the job the {@link FairShare} policy names, and each job
 * keeps about its share of the {@code prefetch-window} queued, so the worker as a whole holds
 * about one window of work while it computes.
 *
 * <p>A partition runs in slices of a few milliseconds ({@link SliceSizer}, {@link PartitionRun}),
 * and the worker reads its mailbox every {@code mailbox-interval}, between two slices: so no
 * partition, however large, holds the worker against the service. A {@link WorkerCommand.JobEnded}
 * (a job finished or cancelled) drops that job at once, the partition it was running included; a
 * job whose turn is over pauses its partition where it is, keeping its place and its lease; a
 * partition that runs long reports its {@link CoordinatorCommand.Progress}, which keeps its lease
 * alive. Told to {@link Drain} (its node is leaving), it asks for nothing more, hands back what it
 * has queued and the rest of what it had begun (with the result of the part it ran), finishes
 * what runs asynchronously, and says when every job has all it owes.
 *
 * <p>A job is dropped as at its JobEnded when its coordinator is gone: when the node's lifeline to
 * that coordinator's JVM closes ({@link Lifelines.Closed}; the coordinator, if it lives, has
 * requeued what this worker held and offers the job again once the line is back), and when another
 * coordinator offers the same job (one restarted on its journal resumes its jobs under their ids),
 * which this worker then serves afresh.
 */
public final class Worker {

  /** Every worker registers under this key; coordinators follow its listing to find them. */
  public static final ServiceKey<WorkerCommand> SERVICE_KEY = ServiceKey.create(WorkerCommand.class, "scatter-workers");

  /**
   * The node is leaving: ask for nothing more, give every job back what is queued for it (a
   * {@link CoordinatorCommand.Return}), finish what runs and deliver its results, and answer
   * {@code replyTo} once every coordinator has confirmed it has them all. Jobs offered from now on
   * are declined the same way. Local to the node, never sent over the wire.
   */
  public record Drain(ActorRef<Drained> replyTo) implements WorkerCommand { }

  /** A drained worker owes no coordinator anything. */
  public enum Drained { INSTANCE }

  /** Run partitions for another mailbox interval. */
  private enum Continue implements WorkerCommand { INSTANCE }

  /**
   * A partition of {@code job} started with {@link PartitionExecutor#start} at {@code startNanos} is
   * done. The job, not its id: a job dropped and offered again meanwhile is another one, owed nothing.
   */
  private record Finished(WorkerJob job, PartitionOutcome outcome, long startNanos) implements WorkerCommand { }

  /**
   * The uploaded code of the job {@code jobId}, {@code jars}, is fetched and loaded ({@code task}, its
   * set held), or cannot be ({@code failure}); piped from {@link NodeCode#bind}, which ran off this
   * worker's thread.
   */
  private record CodeReady(String jobId, List<String> jars, BoundTask task, Throwable failure)
      implements WorkerCommand { }

  /** This node's lifeline to the coordinator JVM at {@code hostPort} closed; adapted from {@link Lifelines.Closed}. */
  private record LifelineClosed(String hostPort) implements WorkerCommand { }

  /** Resolves the task named in an offer; failures become failed partitions, not a dead worker. */
  public interface TaskResolver extends Function<TaskRef, BoundTask> {

    /**
     * Whether this resolver binds tasks of uploaded jars itself, rather than the worker fetching them:
     * so do the workers in a coordinator's JVM, whose results pass to it by reference and must be of
     * the classes it loaded, not of a copy.
     */
    default boolean bindsUploadedCode() {
      return false;
    }

    /** {@code bind}, which binds tasks of uploaded jars too. */
    static TaskResolver bindingUploadedCode(Function<TaskRef, BoundTask> bind) {
      return new TaskResolver() {
        @Override
        public BoundTask apply(TaskRef ref) {
          return bind.apply(ref);
        }

        @Override
        public boolean bindsUploadedCode() {
          return true;
        }
      };
    }
  }

  private final ActorContext<WorkerCommand> context;
  private final TaskResolver resolver;
  private final WorkerSettings settings;
  private final Ticker ticker;
  /** The jobs this worker serves, in the order they were offered. */
  private final Map<String, WorkerJob> jobs = new LinkedHashMap<>();
  private final FairShare<String> share = new FairShare<>();
  /** Partitions started and not yet finished, of every job (also ended ones: their requests are still out). */
  private int running;
  /** A Continue is in the mailbox: partitions will run without being started again. */
  private boolean continueScheduled;
  /** Measures Pulls to a coordinator in another JVM; made on the first such job. */
  private WireBudget budget;
  /** Who waits for this worker to be drained; null while it is not leaving. */
  private ActorRef<Drained> drainedReplyTo;
  /** Jobs of uploaded code offered and not yet served: their jars are being fetched. The latest offer of each. */
  private final Map<String, WorkerCommand.Offer> awaitingCode = new HashMap<>();
  /** The jars of each job served from uploaded code: their set is held while the job is. */
  private final Map<String, List<String>> heldCode = new HashMap<>();
  /** Per job, Returns sent whose {@link WorkerCommand.ReturnReceived} has not come back. */
  private final Map<String, Integer> returnsUnconfirmed = new HashMap<>();

  private Worker(ActorContext<WorkerCommand> context, TaskResolver resolver, WorkerSettings settings, Ticker ticker) {
    this.context = context;
    this.resolver = resolver;
    this.settings = settings;
    this.ticker = ticker;
    ActorRef<Lifelines.Closed> closes =
        context.messageAdapter(Lifelines.Closed.class, closed -> new LifelineClosed(closed.hostPort()));
    context.getSystem().eventStream().tell(new EventStream.Subscribe<>(Lifelines.Closed.class, closes));
  }

  public static Behavior<WorkerCommand> create(TaskResolver resolver, WorkerSettings settings) {
    return create(resolver, settings, Ticker.system());
  }

  /** @param ticker the clock slices, flush intervals and the fair share's run times are measured on */
  public static Behavior<WorkerCommand> create(TaskResolver resolver, WorkerSettings settings, Ticker ticker) {
    return Behaviors.setup(context -> new Worker(context, resolver, settings, ticker).serving());
  }

  private Behavior<WorkerCommand> serving() {
    return Behaviors.receive(WorkerCommand.class)
        .onMessage(WorkerCommand.Offer.class, this::onOffer)
        .onMessage(WorkerCommand.Assign.class, this::onAssign)
        .onMessage(WorkerCommand.JobEnded.class, this::onJobEnded)
        .onMessage(LifelineClosed.class, this::onLifelineClosed)
        .onMessage(CodeReady.class, this::onCodeReady)
        .onMessageEquals(Continue.INSTANCE, this::onContinue)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Drain.class, this::onDrain)
        .onMessage(WorkerCommand.ReturnReceived.class, this::onReturnReceived)
        .build();
  }

  /**
   * A new job joins the ones served here. A known job offered again by its coordinator means the
   * coordinator lost sight of this worker (its node was unreachable) and has it back: keep the
   * queue and the results not yet sent, and ask afresh, since the coordinator forgot what this
   * worker had asked for. Offered by another coordinator, the job was resumed by a coordinator
   * restarted on its journal: the old one is gone, and so is everything held for it.
   */
  private Behavior<WorkerCommand> onOffer(WorkerCommand.Offer offer) {
    WorkerJob job = jobs.get(offer.jobId());
    if (job != null && !job.coordinator.equals(offer.coordinator())) {
      context.getLog().debug("job {} offered by {}, no longer by {}: what was held for it is dropped", job.jobId,
          offer.coordinator().path(), job.coordinator.path());
      // Not answerIfDrained: a leaving worker owes the new coordinator the Return sent just below.
      forget(job.jobId);
      job = null;
    }
    if (draining()) {
      giveBack(offer.coordinator(), offer.jobId(), List.of());
      return Behaviors.same();
    }
    if (!offer.lifeline().isEmpty()) {
      Lifelines.get(context.getSystem()).hold(offer.lifeline()); // a coordinator in another JVM
    }
    if (job == null && offer.task().shipsCode() && !resolver.bindsUploadedCode()) {
      if (awaitingCode.put(offer.jobId(), offer) == null) {
        context.pipeToSelf(NodeCode.get(context.getSystem()).bind(offer.task(), offer.jars()),
            (task, failure) -> new CodeReady(offer.jobId(), offer.task().jars(), task, failure));
      }
      return Behaviors.same(); // served from its CodeReady on: the worker goes on meanwhile
    }
    if (job == null) {
      job = serve(offer, resolve(offer));
    } else {
      job.pullOutstanding = false;
    }
    flush(job);
    return Behaviors.same();
  }

  private WorkerJob serve(WorkerCommand.Offer offer, WorkerJob.ResolvedTask task) {
    WorkerJob job = new WorkerJob(offer, task, settings, ticker);
    jobs.put(job.jobId, job);
    share.add(job.jobId, job.weight);
    return job;
  }

  /**
   * The job's code is ready, or cannot be had: the job is served from now on, unless it ended, was
   * dropped or handed back meanwhile. Code that cannot be had fails each attempt with the reason (as
   * a task unknown here does); its result types are held for the wire while this worker serves the job.
   */
  private Behavior<WorkerCommand> onCodeReady(CodeReady ready) {
    WorkerCommand.Offer offer = awaitingCode.remove(ready.jobId());
    if (offer == null) {
      if (ready.failure() == null) {
        NodeCode.get(context.getSystem()).release(ready.jars()); // the job is gone: nothing holds its set
      }
      return Behaviors.same();
    }
    WorkerJob.ResolvedTask task;
    if (ready.failure() == null) {
      heldCode.put(offer.jobId(), ready.jars());
      JobWireTypes.get(context.getSystem()).hold(offer.jobId(), context.getSelf(), ready.task().task().resultTypes());
      task = new WorkerJob.ResolvedTask(ready.task(), null);
    } else {
      Throwable cause = ready.failure() instanceof CompletionException wrapped && wrapped.getCause() != null
          ? wrapped.getCause() : ready.failure();
      context.getLog().warn("job {}: task '{}' cannot run here: {}", offer.jobId(), offer.task().name(),
          cause.getMessage());
      task = new WorkerJob.ResolvedTask(null, describe(cause));
    }
    flush(serve(offer, task));
    return Behaviors.same();
  }

  /**
   * A task this JVM cannot load still gets pulled: each attempt then fails with the reason, and the
   * job reports it. (A task from uploaded jars is resolved off this thread: see {@link #onCodeReady}.)
   */
  private WorkerJob.ResolvedTask resolve(WorkerCommand.Offer offer) {
    try {
      return new WorkerJob.ResolvedTask(resolver.apply(offer.task()), null);
    } catch (RuntimeException | LinkageError e) {
      return new WorkerJob.ResolvedTask(null, describe(e));
    }
  }

  /** A load failure's own words are the user's to read: a jar's one line is not an exception class's. */
  private static String describe(Throwable e) {
    return e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage()
        : PartitionExecutor.describe(e);
  }

  private Behavior<WorkerCommand> onAssign(WorkerCommand.Assign assign) {
    WorkerJob job = jobs.get(assign.jobId());
    if (job == null) {
      return Behaviors.same(); // an ended job's partitions, still in flight when it ended
    }
    job.assigned(assign.partitions().size(), ticker.read());
    if (draining()) {
      // Asked for before the drain began: handed straight back, never started.
      giveBack(job.coordinator, job.jobId, assign.partitions().stream().map(Partition::index).toList());
      return Behaviors.same();
    }
    job.queue.addAll(assign.partitions());
    return continueScheduled ? Behaviors.same() : runForAWhile();
  }

  /** The job is over: dropped, and the other jobs get the whole worker from the next partition on. */
  private Behavior<WorkerCommand> onJobEnded(WorkerCommand.JobEnded ended) {
    if (forget(ended.jobId())) {
      answerIfDrained();
    }
    return Behaviors.same();
  }

  /**
   * Drops every job of the coordinator JVM whose lifeline closed, as at their JobEnded. The node
   * logs the close once; here each worker only says what it dropped.
   */
  private Behavior<WorkerCommand> onLifelineClosed(LifelineClosed closed) {
    List<String> dropped = Stream.concat(
            jobs.values().stream().filter(job -> job.lifeline.equals(closed.hostPort())).map(job -> job.jobId),
            awaitingCode.values().stream().filter(offer -> offer.lifeline().equals(closed.hostPort()))
                .map(WorkerCommand.Offer::jobId))
        .toList();
    boolean owedNothingMore = false;
    for (String jobId : dropped) {
      owedNothingMore |= forget(jobId);
    }
    if (!dropped.isEmpty()) {
      context.getLog().debug("lifeline to {} closed: job(s) {} dropped", closed.hostPort(), dropped);
    }
    if (owedNothingMore) {
      answerIfDrained();
    }
    return Behaviors.same();
  }

  /**
   * Drops the job's queue, its unsent results and the partition it had begun (which stops where its
   * last slice ended; one running asynchronously finishes unheard). Its coordinator confirms
   * nothing more, and a leaving worker owes it nothing either.
   *
   * @return whether a leaving worker was waiting for that coordinator to confirm a Return
   */
  private boolean forget(String jobId) {
    awaitingCode.remove(jobId);
    List<String> jars = heldCode.remove(jobId);
    if (jars != null) {
      NodeCode.get(context.getSystem()).release(jars);
    }
    if (jobs.remove(jobId) != null) {
      share.remove(jobId);
      JobWireTypes.get(context.getSystem()).release(jobId, context.getSelf());
    }
    return returnsUnconfirmed.remove(jobId) != null;
  }

  private Behavior<WorkerCommand> onContinue() {
    continueScheduled = false;
    return runForAWhile();
  }

  /**
   * Runs turns of partitions, each turn's job the one the fair share names, until none can run or
   * the mailbox interval is over; then the mailbox is read (a Continue queued behind what waits there).
   */
  private Behavior<WorkerCommand> runForAWhile() {
    long now = ticker.read();
    long readMailboxAt = now + settings.mailboxInterval().toNanos();
    List<String> ready = readyJobs();
    while (!ready.isEmpty()) {
      now = runTurn(jobs.get(share.next(ready)), now);
      reportProgress(now);
      ready = readyJobs();
      if (now - readMailboxAt > 0 && !ready.isEmpty()) {
        continueScheduled = true;
        context.getSelf().tell(Continue.INSTANCE);
        return Behaviors.same();
      }
    }
    jobs.values().forEach(this::flush);
    return Behaviors.same();
  }

  /** Tells the coordinators of partitions that have run long (or waited their turn long) that they still advance. */
  private void reportProgress(long now) {
    for (WorkerJob job : jobs.values()) {
      CoordinatorCommand.Progress progress = job.takeProgress(context.getSelf(), now);
      if (progress != null) {
        job.coordinator.tell(progress);
      }
    }
  }

  /**
   * Runs {@code job}'s partitions for one turn: at least one slice, then more while it has work,
   * the turn lasts and no flush is due. The thread's CPU time is read once for the whole turn
   * (see {@link WorkerJob#endTurn}): a reading costs more than a no-op partition.
   *
   * @param now the ticker when the turn starts
   * @return the ticker when it ended
   */
  private long runTurn(WorkerJob job, long now) {
    if (job.task.overlaps()) {
      // Their cost is charged, and their outcome sent, as each finishes.
      do {
        start(job, job.queue.poll());
      } while (job.canRun(running));
      return ticker.read();
    }
    long turnEnd = now + settings.turn().toNanos();
    long turnStart = now;
    double jobShare = share.share(job.jobId);
    long cpuStart = PartitionExecutor.threadCpuNanos();
    job.startTurn();
    boolean flushDue;
    do {
      now = job.runSlice(now);
      flushDue = job.shouldFlush(jobShare, now);
    } while (!flushDue && job.canRun(running) && now - turnEnd < 0);
    job.endTurn(PartitionExecutor.cpuSince(cpuStart));
    share.charge(job.jobId, now - turnStart);
    if (flushDue) {
      flush(job);
    }
    return now;
  }

  private List<String> readyJobs() {
    List<String> ready = new ArrayList<>(jobs.size());
    for (WorkerJob job : jobs.values()) {
      if (job.canRun(running)) {
        ready.add(job.jobId);
      }
    }
    return ready;
  }

  /** Starts a partition that runs off this thread; its outcome comes back as a {@link Finished}. */
  private void start(WorkerJob job, Partition partition) {
    running++;
    long started = ticker.read();
    context.pipeToSelf(PartitionExecutor.start(job.task.task(), partition, ticker), (outcome, failure) ->
        new Finished(job, failure == null ? outcome : PartitionExecutor.failed(partition, failure), started));
  }

  private Behavior<WorkerCommand> onFinished(Finished finished) {
    running--;
    WorkerJob job = finished.job();
    if (jobs.get(job.jobId) == job) {
      long cost = ticker.read() - finished.startNanos();
      share.charge(job.jobId, cost);
      job.record(finished.outcome(), cost);
      // Flushing at once, not on a timer: an overlapping partition is long, and its coordinator waits for it.
      flush(job);
      if (draining()) {
        giveBack(job.coordinator, job.jobId, List.of()); // its confirmation says the result arrived
      }
    }
    if (draining()) {
      answerIfDrained();
      return Behaviors.same();
    }
    return continueScheduled ? Behaviors.same() : runForAWhile();
  }

  private boolean draining() {
    return drainedReplyTo != null;
  }

  private Behavior<WorkerCommand> onDrain(Drain drain) {
    if (draining()) {
      return Behaviors.same();
    }
    drainedReplyTo = drain.replyTo();
    int queued = 0;
    int begun = 0;
    for (WorkerJob job : jobs.values()) {
      flush(job); // results first: a Return confirms everything sent before it
      CoordinatorCommand.Return handedBack = job.takeReturn(context.getSelf());
      queued += handedBack.indices().size();
      begun += handedBack.begun().size();
      giveBack(job.coordinator, handedBack);
    }
    // Jobs whose code is still on its way hold nothing yet: declined, as offers from now on are.
    awaitingCode.values().forEach(offer -> giveBack(offer.coordinator(), offer.jobId(), List.of()));
    awaitingCode.clear();
    context.getLog().info("leaving: {} queued partition(s) and the rest of {} begun handed back to {} job(s); {} still"
        + " running", queued, begun, jobs.size(), running);
    answerIfDrained();
    return Behaviors.same();
  }

  private void giveBack(ActorRef<CoordinatorCommand> coordinator, String jobId, List<Long> indices) {
    giveBack(coordinator, new CoordinatorCommand.Return(context.getSelf(), jobId, indices));
  }

  private void giveBack(ActorRef<CoordinatorCommand> coordinator, CoordinatorCommand.Return handedBack) {
    returnsUnconfirmed.merge(handedBack.jobId(), 1, Integer::sum);
    coordinator.tell(handedBack);
  }

  private Behavior<WorkerCommand> onReturnReceived(WorkerCommand.ReturnReceived received) {
    returnsUnconfirmed.computeIfPresent(received.jobId(), (job, count) -> count == 1 ? null : count - 1);
    answerIfDrained();
    return Behaviors.same();
  }

  private void answerIfDrained() {
    if (draining() && running == 0 && returnsUnconfirmed.isEmpty()) {
      drainedReplyTo.tell(Drained.INSTANCE);
    }
  }

  /** Sends the job's finished outcomes and, unless a pull is already waiting for its answer, asks for its share of a refill. */
  private void flush(WorkerJob job) {
    CoordinatorCommand.Pull pull = draining() ? job.takeResults(context.getSelf())
        : job.takePull(context.getSelf(), share.share(job.jobId));
    if (pull != null) {
      send(job, pull);
    }
  }

  /**
   * To another JVM a Pull goes as as many messages as its results need to fit a frame; a result
   * too large for any goes as its partition's failure (see {@link WireBudget#fit(CoordinatorCommand.Pull)}).
   */
  private void send(WorkerJob job, CoordinatorCommand.Pull pull) {
    if (!WireBudget.crossesWire(job.coordinator)) {
      job.coordinator.tell(pull);
      return;
    }
    if (budget == null) {
      budget = WireBudget.of(context.getSystem());
    }
    budget.fit(pull).forEach(job.coordinator::tell);
  }
}

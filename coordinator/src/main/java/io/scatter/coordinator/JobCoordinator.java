package io.scatter.coordinator;

import io.scatter.time.Ticker;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import io.scatter.protocol.wire.JobWireTypes;
import io.scatter.protocol.wire.WireMeters;
import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarSetLoader;
import io.scatter.protocol.JarCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one job over a set of worker actors: offers the job, answers their pulls with leased
 * partitions, aggregates outcomes exactly once, re-dispatches what expired, failed or was lost,
 * and reports a single {@link JobOutcome} before it stops. Its stats' wire bytes are what this
 * JVM's serializer wrote and read for the job's messages while it ran ({@link WireMeters}).
 *
 * <p>A worker is active (offered the job, served when it pulls), suspended (its node's lifeline
 * closed: its partitions were requeued and it is given nothing until it is heard from again), or
 * leaving (it handed back what it had not started: it is given nothing more, ever): {@link
 * WorkerPhases}. Suspended and leaving workers are watched still; lost ones are not.
 */
public final class JobCoordinator {

  /**
   * The workers that are reachable now (cluster mode: the Receptionist listing). New ones are
   * offered the job; known ones missing from the set are treated as lost until they reappear.
   */
  public record WorkersChanged(Set<ActorRef<WorkerCommand>> reachable) implements CoordinatorCommand {
    public WorkersChanged {
      reachable = Set.copyOf(reachable);
    }
  }

  /**
   * End the job now: every worker is told it ended (and drops what it has queued for it, so it is
   * free for the other jobs), and the outcome is {@link JobOutcome.Cancelled} with what had completed.
   */
  public enum Cancel implements CoordinatorCommand { INSTANCE }

  /** Say which workers serve the job and how many partitions each holds ({@code GET /nodes}). */
  public record ReportLeases(ActorRef<Leases> replyTo) implements CoordinatorCommand { }

  /**
   * The answer to {@link ReportLeases}: every worker the job has (offered, not lost) and the
   * partitions leased to it now, 0 for one that holds none; and for those running a partition
   * long enough to have said how far it got, its last {@link CoordinatorCommand.Progress}.
   */
  public record Leases(String jobId, Map<ActorRef<WorkerCommand>, Integer> byWorker,
      Map<ActorRef<WorkerCommand>, NodeReport.Running> running) {
    public Leases {
      byWorker = Map.copyOf(byWorker);
      running = Map.copyOf(running);
    }
  }

  /**
   * The lifeline of the node at Artery address {@code node} closed, or opened again after it had
   * closed. Closed: that node's active workers are suspended and their partitions run again at
   * once. Opened: its workers are offered the job again, the suspended ones and the active ones
   * alike: the node dropped the job when it saw the line close, also when a worker of it was heard
   * from (and so made active again) before it saw that.
   */
  public record NodeLifeline(String node, boolean open) implements CoordinatorCommand { }

  /** Look for expired leases. */
  private enum LeaseTick implements CoordinatorCommand { INSTANCE }

  /** No worker came back in time. */
  private enum WorkerWaitExpired implements CoordinatorCommand { INSTANCE }

  /** A watched worker stopped (crashed, or its JVM went away). */
  private record WorkerTerminated(ActorRef<WorkerCommand> worker) implements CoordinatorCommand { }

  private final ActorContext<CoordinatorCommand> context;
  private final TimerScheduler<CoordinatorCommand> timers;
  private final CoordinatorSettings settings;
  private final Job job;
  private final ActorRef<JobOutcome> replyTo;
  private final ProgressListener progress;
  private final Ticker ticker;
  private final ResultAggregator aggregator;
  /**
   * Where the job's partials are combined, side by side and beside this actor: as wide as this JVM's
   * cores (in actors mode, its workers'; in cluster mode the coordinator's own, idle otherwise).
   */
  private final CombinePool combinePool;
  /** What leaving workers ran of partitions they handed back the rest of. */
  private final KeptParts keptParts;
  /** Per worker, the long partition it runs, as it last said. */
  private final RunningPartitions<ActorRef<WorkerCommand>> running = new RunningPartitions<>();
  private final PartitionLedger<ActorRef<WorkerCommand>> ledger;
  private final JobTally tally;
  /** Every worker offered the job and not lost, in its phase; the active ones that wait for partitions. */
  private final WorkerPhases<ActorRef<WorkerCommand>> workers = new WorkerPhases<>();
  /** Counts this job's bytes on the wire, open from the start until the job's end. */
  private final WireMeters meters;
  /** Everything sent to the workers goes through it, fitted to the wire and counted. */
  private final WorkerLink link;

  private JobCoordinator(ActorContext<CoordinatorCommand> context, TimerScheduler<CoordinatorCommand> timers,
      CoordinatorSettings settings, Job job, ActorRef<JobOutcome> replyTo, ProgressListener progress, Ticker ticker) {
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.job = job;
    this.replyTo = replyTo;
    this.progress = progress;
    this.ticker = ticker;
    this.tally = new JobTally(settings.maxEvents(), settings.taskStreamSpans(), ticker.read());
    this.combinePool = new CombinePool(Runtime.getRuntime().availableProcessors());
    this.aggregator = new ResultAggregator(job.task(), job.partitionCount(), combinePool, ticker);
    this.keptParts = new KeptParts(job.task());
    this.ledger = new PartitionLedger<>(job, aggregator::contains, speculation(job, settings));
    this.link = new WorkerLink(job,
        new WorkerCommand.Offer(job.id(), job.taskRef(), context.getSelf(), job.weight(), settings.lifeline(),
            progressMillis(job), jarServer(context, job)),
        context.getSystem());
    if (job.taskRef().shipsCode()) {
      JobWireTypes.get(context.getSystem()).hold(job.id(), context.getSelf(), job.task().task().resultTypes());
    }
    this.meters = WireMeters.get(context.getSystem());
    meters.open(job.id());
  }

  /**
   * Serves the job's uploaded jars to the nodes that lack them, for as long as the job runs (a
   * child: it stops with the job); null for a task on the classpath.
   */
  private static ActorRef<JarCommand> jarServer(ActorContext<CoordinatorCommand> context, Job job) {
    if (!job.taskRef().shipsCode()) {
      return null;
    }
    Map<String, Path> jars = JarSetLoader.jarsOf(job.task()).orElseThrow(() -> new IllegalStateException(
        "job " + job.id() + " names jars but its task was not loaded from them"));
    return context.spawn(JarServer.create(jars, CodeSettings.from(context.getSystem().settings().config()).chunkBytes()),
        "jars");
  }

  /**
   * How often a worker running a long partition of the job must say it advances: four times a
   * lease, so one report lost or late never costs a partition its lease.
   */
  private static long progressMillis(Job job) {
    return Math.max(1, job.leaseTimeout().toMillis() / 4);
  }

  /** Copies go to partitions out for longer than the configured minimum and a multiple of the median so far. */
  private PartitionLedger.Speculation speculation(Job job, CoordinatorSettings settings) {
    if (!job.speculation()) {
      return PartitionLedger.Speculation.OFF;
    }
    long minimum = settings.speculationMinAge().toNanos();
    return new PartitionLedger.Speculation(true, () -> Math.max(minimum,
        (long) (settings.speculationLatencyFactor() * tally.medianMillis() * 1_000_000)));
  }

  public static Behavior<CoordinatorCommand> create(Job job, List<ActorRef<WorkerCommand>> workers,
      CoordinatorSettings settings, ActorRef<JobOutcome> replyTo, ProgressListener progress) {
    return create(job, workers, settings, replyTo, progress, Ticker.system());
  }

  /** @param ticker the clock leases and events are stamped with; tests pass one they move by hand */
  public static Behavior<CoordinatorCommand> create(Job job, List<ActorRef<WorkerCommand>> workers,
      CoordinatorSettings settings, ActorRef<JobOutcome> replyTo, ProgressListener progress, Ticker ticker) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new JobCoordinator(context, timers, settings, job, replyTo, progress, ticker).start(workers)));
  }

  private Behavior<CoordinatorCommand> start(List<ActorRef<WorkerCommand>> initial) {
    // A resumed job: what a journal kept is accepted first, so the ledger never cuts those partitions.
    job.kept().forEach(kept -> aggregator.accept(kept.index(), kept.value()));
    if (!job.kept().isEmpty()) {
      progress.onProgress(aggregator.accepted(), job.partitionCount());
    }
    if (aggregator.isComplete()) {
      return finish(new JobOutcome.Succeeded(aggregator.result(), stats()));
    }
    Behavior<CoordinatorCommand> cannotOffer = addWorkers(initial);
    if (cannotOffer != null) {
      return cannotOffer;
    }
    if (!workers.hasActive()) {
      timers.startSingleTimer(WorkerWaitExpired.INSTANCE, settings.workerWait());
    }
    timers.startTimerWithFixedDelay(LeaseTick.INSTANCE, settings.leaseCheckInterval());
    return running();
  }

  /** Offers the job to the new ones among {@code candidates}; the job's end if its offer cannot reach them, else null. */
  private Behavior<CoordinatorCommand> addWorkers(Collection<ActorRef<WorkerCommand>> candidates) {
    for (ActorRef<WorkerCommand> worker : candidates) {
      if (workers.isKnown(worker)) {
        continue;
      }
      String tooLarge = link.offerTooLarge(worker);
      if (tooLarge != null) {
        return finish(new JobOutcome.Failed(tooLarge, stats()));
      }
      workers.add(worker);
      tally.workersNow(workers.active().size());
      record(new JobEvent.WorkerAdded(ticker.read(), describe(worker)));
      timers.cancel(WorkerWaitExpired.INSTANCE);
      context.watchWith(worker, new WorkerTerminated(worker));
      link.offer(worker);
    }
    return null;
  }


  /** Forgets a worker and puts its partitions back in the queue; with none left, waits a while for one. */
  private void loseWorker(ActorRef<WorkerCommand> worker, String why) {
    WorkerPhases.Phase was = workers.lose(worker);
    if (was == null) {
      return;
    }
    context.unwatch(worker);
    // A suspended worker's partitions were requeued when it was suspended; a leaving one's, when it
    // handed them back, except what it was still running when its drain was cut short.
    switch (was) {
      case ACTIVE -> requeueFrom(worker, why, true);
      case LEAVING -> requeueFrom(worker, JobEvent.WorkerLost.DRAIN_CUT_SHORT, false);
      case SUSPENDED -> { }
    }
  }

  /**
   * Requeues what {@code worker}, no longer active, held, saying why; an active worker's loss is
   * recorded even if it held nothing.
   */
  private void requeueFrom(ActorRef<WorkerCommand> worker, String why, boolean active) {
    running.forget(worker);
    List<Partition> lost = ledger.workerLost(worker);
    if (!active && lost.isEmpty()) {
      return;
    }
    record(new JobEvent.WorkerLost(ticker.read(), describe(worker), why, indices(lost)));
    context.getLog().warn("worker {}: {}; {} partition(s) of job {} will run again", worker.path(), why, lost.size(),
        job.id());
    if (!workers.hasActive()) {
      context.getLog().warn("job {} has no workers left; waiting up to {} s for one", job.id(),
          settings.workerWait().toSeconds());
      timers.startSingleTimer(WorkerWaitExpired.INSTANCE, settings.workerWait());
    }
    serveHungry();
  }

  private Behavior<CoordinatorCommand> running() {
    return Behaviors.receive(CoordinatorCommand.class)
        .onMessage(CoordinatorCommand.Pull.class, this::onPull)
        .onMessage(CoordinatorCommand.Progress.class, this::onProgress)
        .onMessageEquals(LeaseTick.INSTANCE, this::onLeaseTick)
        .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
        .onMessage(WorkersChanged.class, this::onWorkersChanged)
        .onMessage(NodeLifeline.class, this::onNodeLifeline)
        .onMessage(CoordinatorCommand.Return.class, this::onReturn)
        .onMessageEquals(WorkerWaitExpired.INSTANCE, this::onWorkerWaitExpired)
        .onMessageEquals(Cancel.INSTANCE, this::onCancel)
        .onMessage(ReportLeases.class, this::onReportLeases)
        // Stopped without finishing (its parent stopped, or it failed): the meter must not stay open for ever.
        .onSignal(PostStop.class, stop -> {
          combinePool.close();
          meters.close(job.id());
          JobWireTypes.get(context.getSystem()).release(job.id(), context.getSelf());
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<CoordinatorCommand> onPull(CoordinatorCommand.Pull pull) {
    if (!pull.jobId().equals(job.id())) {
      return Behaviors.same();
    }
    tally.messageFromWorker();
    running.finished(pull.worker(), pull.outcomes());
    List<AcceptedResult> accepted = new ArrayList<>(pull.outcomes().size());
    JobOutcome.Failed failed = null;
    // Once per message, not per result: where they count, and when they arrived (together).
    JobTally.From from = tally.from(nodeOf(pull.worker()), pull.worker().path().name());
    long arrived = ticker.read();
    for (PartitionOutcome outcome : pull.outcomes()) {
      failed = record(from, outcome, accepted, arrived);
      if (failed != null) {
        break;
      }
    }
    // Before the end is reported: a journal then writes the results ahead of it.
    if (!accepted.isEmpty()) {
      progress.onAccepted(accepted);
    }
    if (failed != null) {
      return finish(failed);
    }
    if (aggregator.isComplete()) {
      return finish(new JobOutcome.Succeeded(aggregator.result(), stats()));
    }
    if (workers.resume(pull.worker())) {
      resumed(pull.worker());
    }
    // A worker we consider lost (unreachable) may still be talking; take its results, give it nothing.
    workers.asked(pull.worker(), pull.want());
    // Failures above may have queued retries that other waiting workers can take.
    serveHungry();
    return Behaviors.same();
  }

  /**
   * @param from    the tally of the worker that sent it
   * @param arrived when the message that carried it arrived
   * @return the job's failure if this outcome ends it, else null; a result accepted is added to {@code accepted}
   */
  private JobOutcome.Failed record(JobTally.From from, PartitionOutcome outcome, List<AcceptedResult> accepted,
      long arrived) {
    if (outcome instanceof PartitionOutcome.Completed completed) {
      // Work the coordinator never hears of (a killed node's, failed attempts) is not counted.
      tally.workerCpu(completed.cpuNanos());
      long index = completed.index();
      Object value = aggregator.contains(index) ? completed.value()
          : keptParts.whole(index, completed.attempt(), completed.value());
      if (aggregator.accept(index, value)) {
        accepted.add(new AcceptedResult(index, value));
        ledger.completed(index);
        keptParts.forget(index);
        from.accepted(index, completed.computeNanos(), arrived);
        progress.onProgress(aggregator.accepted(), job.partitionCount());
      } else {
        progress.onDuplicates(aggregator.duplicates());
      }
      return null;
    }
    PartitionOutcome.Failed failed = (PartitionOutcome.Failed) outcome;
    PartitionLedger.Verdict verdict = ledger.failed(failed.index(), failed.attempt(), failed.error());
    if (verdict instanceof PartitionLedger.Verdict.GiveUp giveUp) {
      return new JobOutcome.Failed(JobFailure.describe(job, giveUp.partition(), giveUp.failures(), giveUp.lastError()), stats());
    }
    if (verdict instanceof PartitionLedger.Verdict.WillRetry) {
      context.getLog().info("{} of job {} failed ({}), retrying", failed.index(), job.id(), failed.error());
    }
    return null;
  }

  /**
   * A worker's long partition advances: its lease, and those of the partitions it holds queued
   * behind it, run a lease-timeout from now. A worker that was suspended is heard from again.
   */
  private Behavior<CoordinatorCommand> onProgress(CoordinatorCommand.Progress progress) {
    if (!progress.jobId().equals(job.id())) {
      return Behaviors.same();
    }
    tally.messageFromWorker();
    ActorRef<WorkerCommand> worker = progress.worker();
    if (workers.resume(worker)) {
      resumed(worker);
    }
    if (!workers.isActive(worker)) {
      return Behaviors.same();
    }
    long now = ticker.read();
    if (ledger.renew(worker, progress.index(), now)) {
      running.reported(worker, progress, now);
    }
    progress.queued().forEach(index -> ledger.renew(worker, index, now));
    return Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onLeaseTick() {
    ledger.expiring(ticker.read()).forEach((holder, indices) ->
        record(new JobEvent.LeasesExpired(ticker.read(), describe(holder), indices)));
    List<Partition> expired = ledger.expire(ticker.read());
    if (!expired.isEmpty()) {
      context.getLog().warn("{} partition lease(s) of job {} expired; dispatching them again", expired.size(), job.id());
    }
    // Also when nothing expired: a straggler may have become old enough to copy, and the idle
    // workers waiting for one send nothing more until they are answered.
    serveHungry();
    return Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onWorkerTerminated(WorkerTerminated terminated) {
    loseWorker(terminated.worker(), JobEvent.WorkerLost.STOPPED);
    return Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onWorkersChanged(WorkersChanged changed) {
    for (ActorRef<WorkerCommand> known : workers.known()) {
      if (!changed.reachable().contains(known)) {
        loseWorker(known, JobEvent.WorkerLost.UNREACHABLE);
      }
    }
    Behavior<CoordinatorCommand> cannotOffer = addWorkers(changed.reachable());
    return cannotOffer != null ? cannotOffer : Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onNodeLifeline(NodeLifeline lifeline) {
    for (ActorRef<WorkerCommand> known : workers.known()) {
      if (!known.path().address().toString().equals(lifeline.node())) {
        continue;
      }
      if (lifeline.open() && workers.resume(known)) {
        resumed(known);
      } else if (lifeline.open() && workers.isActive(known)) {
        // Heard from while its line was down (its pull beat the node's notice of the reset): the node
        // dropped the job when it saw the close, so it is offered again.
        link.offer(known);
      } else if (!lifeline.open() && workers.suspend(known)) {
        requeueFrom(known, JobEvent.WorkerLost.CONNECTION_CLOSED, true);
      } else if (!lifeline.open() && workers.isLeaving(known)) {
        requeueFrom(known, JobEvent.WorkerLost.DRAIN_CUT_SHORT, false); // its node is gone: what it still ran is lost
      }
    }
    return Behaviors.same();
  }

  /** A suspended worker was heard from again: active once more, and asked afresh (it forgot what it had asked for). */
  private void resumed(ActorRef<WorkerCommand> worker) {
    tally.workersNow(workers.active().size());
    timers.cancel(WorkerWaitExpired.INSTANCE);
    record(new JobEvent.WorkerAdded(ticker.read(), describe(worker)));
    link.offer(worker);
  }

  /**
   * The worker is leaving: what it hands back runs again at once, as it was; it gets nothing more.
   * Answered in every case, so its drain knows this job has everything the worker sent before.
   */
  private Behavior<CoordinatorCommand> onReturn(CoordinatorCommand.Return handedBack) {
    ActorRef<WorkerCommand> worker = handedBack.worker();
    if (handedBack.jobId().equals(job.id())) {
      tally.messageFromWorker();
      boolean first = workers.leave(worker);
      running.forget(worker);
      List<Partition> requeued = new ArrayList<>(keepBegun(worker, handedBack.begun()));
      requeued.addAll(ledger.returned(worker, handedBack.indices()));
      if (first || !requeued.isEmpty()) {
        record(new JobEvent.WorkerLeft(ticker.read(), describe(worker), indices(requeued)));
      }
      if (!workers.hasActive() && first) {
        timers.startSingleTimer(WorkerWaitExpired.INSTANCE, settings.workerWait());
      }
    }
    link.send(worker, new WorkerCommand.ReturnReceived(handedBack.jobId()));
    serveHungry();
    return Behaviors.same();
  }

  /** Keeps what a leaving worker ran of each partition it had begun; returns the partitions that run the rest. */
  private List<Partition> keepBegun(ActorRef<WorkerCommand> worker, List<PartialResult> begun) {
    List<Partition> rests = new ArrayList<>(begun.size());
    for (PartialResult part : begun) {
      tally.workerCpu(part.cpuNanos());
      Partition rest = ledger.returnedBegun(worker, part.index(), part.attempt(), part.upTo());
      if (rest != null) {
        keptParts.keep(part.index(), part.attempt(), part.value(), rest.attempt());
        rests.add(rest);
      }
    }
    return rests;
  }

  private Behavior<CoordinatorCommand> onWorkerWaitExpired() {
    if (workers.hasActive()) {
      return Behaviors.same();
    }
    return finish(new JobOutcome.Failed("no workers for job " + job.id() + " within " + settings.workerWait().toSeconds()
        + " s; " + aggregator.accepted() + " of " + job.partitionCount() + " partitions had finished", stats()));
  }

  private Behavior<CoordinatorCommand> onCancel() {
    context.getLog().info("job {} cancelled; {} of {} partitions had finished", job.id(), aggregator.accepted(),
        job.partitionCount());
    return finish(new JobOutcome.Cancelled(aggregator.accepted(), stats()));
  }

  private Behavior<CoordinatorCommand> onReportLeases(ReportLeases report) {
    Map<ActorRef<WorkerCommand>, Integer> held = ledger.leasesByWorker();
    Map<ActorRef<WorkerCommand>, Integer> byWorker = new HashMap<>();
    workers.active().forEach(worker -> byWorker.put(worker, held.getOrDefault(worker, 0)));
    report.replyTo().tell(new Leases(job.id(), byWorker, running.asOf(ticker.read(), job.leaseTimeout().toNanos())));
    return Behaviors.same();
  }

  /** Hands out whatever is available to workers waiting for it, in the order they asked. */
  private void serveHungry() {
    Set<ActorRef<WorkerCommand>> active = workers.active();
    for (var hungry : workers.hungry()) {
      if (!ledger.canServe()) {
        return;
      }
      ActorRef<WorkerCommand> worker = hungry.worker();
      int max = Math.min(hungry.want(), ledger.evenShare(worker, active));
      List<Partition> granted = ledger.lease(worker, max, ticker.read(), active.size() > 1);
      if (!granted.isEmpty()) {
        workers.served(worker);
        link.assign(worker, new WorkerCommand.Assign(job.id(), granted));
        List<Long> again = granted.stream().filter(p -> p.attempt() > 1).map(Partition::index).toList();
        if (!again.isEmpty()) {
          record(new JobEvent.Redispatched(ticker.read(), describe(worker), again));
          progress.onRetries(ledger.redispatched());
        }
      }
    }
  }

  private void record(JobEvent event) {
    tally.event(event);
  }

  private static String describe(ActorRef<WorkerCommand> worker) {
    return worker.path().toString();
  }

  /** {@code host:port} of a worker on another node; a worker of this JVM's has no host in its path. */
  private static String nodeOf(ActorRef<WorkerCommand> worker) {
    Address address = worker.path().address();
    return address.getHost().isPresent() && address.getPort().isPresent()
        ? address.getHost().get() + ":" + address.getPort().get() : NodeReport.IN_PROCESS;
  }

  private static List<Long> indices(List<Partition> partitions) {
    return partitions.stream().map(Partition::index).toList();
  }

  private Behavior<CoordinatorCommand> finish(JobOutcome outcome) {
    // Closed before the JobEnded notices go: their bytes, and late results, are no running job's.
    long wireBytes = meters.close(job.id()).bytes();
    // Suspended workers too: one that lives on would otherwise keep the job's queue.
    workers.active().forEach(worker -> link.send(worker, new WorkerCommand.JobEnded(job.id())));
    workers.suspended().forEach(worker -> link.send(worker, new WorkerCommand.JobEnded(job.id())));
    replyTo.tell(outcome.withWireBytes(wireBytes));
    return Behaviors.stopped();
  }

  private JobStats stats() {
    return tally.stats(job.partitionCount(), ledger.redispatched(), aggregator.duplicates(), link.messagesSent(),
        ledger.speculated(), aggregator.combineNanos());
  }
}

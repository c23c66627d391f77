package io.scatter.coordinator;

import io.scatter.node.Ticker;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import io.scatter.protocol.wire.WireBudget;
import io.scatter.protocol.wire.WireMeters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
   * partitions leased to it now, 0 for one that holds none.
   */
  public record Leases(String jobId, Map<ActorRef<WorkerCommand>, Integer> byWorker) {
    public Leases {
      byWorker = Map.copyOf(byWorker);
    }
  }

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
  private final PartitionLedger<ActorRef<WorkerCommand>> ledger;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final Set<ActorRef<WorkerCommand>> workers = new HashSet<>();
  /** Workers that asked for more while nothing was left to hand out, and how many they wanted. */
  private final Map<ActorRef<WorkerCommand>, Integer> hungry = new LinkedHashMap<>();
  private final List<JobEvent> events = new ArrayList<>();
  /** Measures messages to workers in other JVMs; made when the first such worker appears. */
  private WireBudget budget;
  /** Counts this job's bytes on the wire, open from the start until the job's end. */
  private final WireMeters meters;
  /** The job's Offer, the same for every worker; measured once, for the first worker in another JVM. */
  private final WorkerCommand.Offer offer;
  private boolean offerMeasured;
  private long messagesToWorkers;
  private long messagesFromWorkers;
  private int peakWorkers;
  /** -1 until a worker reports a CPU time. */
  private long workerCpuNanos = -1;

  private JobCoordinator(ActorContext<CoordinatorCommand> context, TimerScheduler<CoordinatorCommand> timers,
      CoordinatorSettings settings, Job job, ActorRef<JobOutcome> replyTo, ProgressListener progress, Ticker ticker) {
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.job = job;
    this.replyTo = replyTo;
    this.progress = progress;
    this.ticker = ticker;
    this.aggregator = new ResultAggregator(job.task(), job.partitionCount());
    this.ledger = new PartitionLedger<>(job, aggregator::contains, speculation(job, settings));
    this.offer = new WorkerCommand.Offer(job.id(), job.taskRef(), context.getSelf(), job.weight());
    this.meters = WireMeters.get(context.getSystem());
    meters.open(job.id());
  }

  /** Copies go to partitions out for longer than the configured minimum and a multiple of the median so far. */
  private PartitionLedger.Speculation speculation(Job job, CoordinatorSettings settings) {
    if (!job.speculation()) {
      return PartitionLedger.Speculation.OFF;
    }
    long minimum = settings.speculationMinAge().toNanos();
    return new PartitionLedger.Speculation(true, () -> Math.max(minimum,
        (long) (settings.speculationLatencyFactor() * latency.summary().p50Millis() * 1_000_000)));
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
    if (aggregator.isComplete()) {
      return finish(new JobOutcome.Succeeded(aggregator.result(), stats()));
    }
    Behavior<CoordinatorCommand> cannotOffer = addWorkers(initial);
    if (cannotOffer != null) {
      return cannotOffer;
    }
    if (workers.isEmpty()) {
      timers.startSingleTimer(WorkerWaitExpired.INSTANCE, settings.workerWait());
    }
    timers.startTimerWithFixedDelay(LeaseTick.INSTANCE, settings.leaseCheckInterval());
    return running();
  }

  /** Offers the job to the new ones among {@code candidates}; the job's end if its offer cannot reach them, else null. */
  private Behavior<CoordinatorCommand> addWorkers(Collection<ActorRef<WorkerCommand>> candidates) {
    for (ActorRef<WorkerCommand> worker : candidates) {
      if (workers.contains(worker)) {
        continue;
      }
      String tooLarge = offerTooLarge(worker);
      if (tooLarge != null) {
        return finish(new JobOutcome.Failed(tooLarge, stats()));
      }
      workers.add(worker);
      peakWorkers = Math.max(peakWorkers, workers.size());
      record(new JobEvent.WorkerAdded(ticker.read(), describe(worker)));
      timers.cancel(WorkerWaitExpired.INSTANCE);
      context.watchWith(worker, new WorkerTerminated(worker));
      send(worker, offer);
    }
    return null;
  }

  /**
   * Why the offer cannot be sent to {@code worker}, or null. It carries the task's parameters (for
   * a fetch job the whole URL list) and cannot be split; Artery would drop it without a word and
   * the job would wait for workers that never heard of it, so the job fails at once instead.
   */
  private String offerTooLarge(ActorRef<WorkerCommand> worker) {
    if (offerMeasured || !WireBudget.crossesWire(worker)) {
      return null;
    }
    int bytes = budget().sizeOf(offer);
    if (budget().fits(bytes)) {
      offerMeasured = true;
      return null;
    }
    return String.format(Locale.ROOT, "job %s cannot be sent to its workers: its offer (task '%s' and its parameters, "
        + "for a fetch job the URL list) is %,d bytes, more than one cluster message carries, %s; split the URL "
        + "list or shorten the parameters", job.id(), job.taskRef().name(), bytes, budget().describeLimit());
  }

  private WireBudget budget() {
    if (budget == null) {
      budget = WireBudget.of(context.getSystem());
    }
    return budget;
  }

  /** Forgets a worker and puts its partitions back in the queue; with none left, waits a while for one. */
  private void loseWorker(ActorRef<WorkerCommand> worker, String why) {
    if (!workers.remove(worker)) {
      return;
    }
    context.unwatch(worker);
    hungry.remove(worker);
    List<Partition> lost = ledger.workerLost(worker);
    record(new JobEvent.WorkerLost(ticker.read(), describe(worker), why, indices(lost)));
    context.getLog().warn("worker {} {}; {} partition(s) of job {} will run again", worker.path(), why, lost.size(),
        job.id());
    if (workers.isEmpty()) {
      context.getLog().warn("job {} has no workers left; waiting up to {} s for one", job.id(),
          settings.workerWait().toSeconds());
      timers.startSingleTimer(WorkerWaitExpired.INSTANCE, settings.workerWait());
    }
    serveHungry();
  }

  private Behavior<CoordinatorCommand> running() {
    return Behaviors.receive(CoordinatorCommand.class)
        .onMessage(CoordinatorCommand.Pull.class, this::onPull)
        .onMessageEquals(LeaseTick.INSTANCE, this::onLeaseTick)
        .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
        .onMessage(WorkersChanged.class, this::onWorkersChanged)
        .onMessageEquals(WorkerWaitExpired.INSTANCE, this::onWorkerWaitExpired)
        .onMessageEquals(Cancel.INSTANCE, this::onCancel)
        .onMessage(ReportLeases.class, this::onReportLeases)
        // Stopped without finishing (its parent stopped, or it failed): the meter must not stay open for ever.
        .onSignal(PostStop.class, stop -> {
          meters.close(job.id());
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<CoordinatorCommand> onPull(CoordinatorCommand.Pull pull) {
    if (!pull.jobId().equals(job.id())) {
      return Behaviors.same();
    }
    messagesFromWorkers++;
    for (PartitionOutcome outcome : pull.outcomes()) {
      JobOutcome.Failed failed = record(outcome);
      if (failed != null) {
        return finish(failed);
      }
    }
    if (aggregator.isComplete()) {
      return finish(new JobOutcome.Succeeded(aggregator.result(), stats()));
    }
    // A worker we consider lost (unreachable) may still be talking; take its results, give it nothing.
    if (pull.want() > 0 && workers.contains(pull.worker())) {
      hungry.put(pull.worker(), pull.want());
    }
    // Failures above may have queued retries that other waiting workers can take.
    serveHungry();
    return Behaviors.same();
  }

  /** @return the job's failure if this outcome ends it, else null */
  private JobOutcome.Failed record(PartitionOutcome outcome) {
    if (outcome instanceof PartitionOutcome.Completed completed) {
      // Every result counts, the duplicates too: the CPU was spent either way, and the in-process
      // modes' figure (the whole JVM's CPU time) includes duplicate and speculative work as well.
      // Work the coordinator never hears of (a killed node's, failed attempts) is not counted.
      if (completed.cpuNanos() >= 0) {
        workerCpuNanos = Math.max(workerCpuNanos, 0) + completed.cpuNanos();
      }
      if (aggregator.accept(completed.index(), completed.value())) {
        ledger.completed(completed.index());
        latency.recordNanos(completed.computeNanos());
        progress.onProgress(aggregator.accepted(), job.partitionCount());
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

  private Behavior<CoordinatorCommand> onLeaseTick() {
    List<Partition> expired = ledger.expire(ticker.read());
    if (!expired.isEmpty()) {
      record(new JobEvent.LeasesExpired(ticker.read(), indices(expired)));
      context.getLog().warn("{} partition lease(s) of job {} expired; dispatching them again", expired.size(), job.id());
    }
    // Also when nothing expired: a straggler may have become old enough to copy, and the idle
    // workers waiting for one send nothing more until they are answered.
    serveHungry();
    return Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onWorkerTerminated(WorkerTerminated terminated) {
    loseWorker(terminated.worker(), "stopped");
    return Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onWorkersChanged(WorkersChanged changed) {
    for (ActorRef<WorkerCommand> known : Set.copyOf(workers)) {
      if (!changed.reachable().contains(known)) {
        loseWorker(known, "is unreachable");
      }
    }
    Behavior<CoordinatorCommand> cannotOffer = addWorkers(changed.reachable());
    return cannotOffer != null ? cannotOffer : Behaviors.same();
  }

  private Behavior<CoordinatorCommand> onWorkerWaitExpired() {
    if (!workers.isEmpty()) {
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
    workers.forEach(worker -> byWorker.put(worker, held.getOrDefault(worker, 0)));
    report.replyTo().tell(new Leases(job.id(), byWorker));
    return Behaviors.same();
  }

  /** Hands out whatever is available to workers waiting for it, in the order they asked. */
  private void serveHungry() {
    var it = hungry.entrySet().iterator();
    while (it.hasNext() && ledger.canServe()) {
      var entry = it.next();
      int max = Math.min(entry.getValue(), ledger.fairShare(entry.getKey(), workers));
      List<Partition> granted = ledger.lease(entry.getKey(), max, ticker.read(), workers.size() > 1);
      if (!granted.isEmpty()) {
        it.remove();
        assign(entry.getKey(), new WorkerCommand.Assign(job.id(), granted));
        List<Long> again = granted.stream().filter(p -> p.attempt() > 1).map(Partition::index).toList();
        if (!again.isEmpty()) {
          record(new JobEvent.Redispatched(ticker.read(), describe(entry.getKey()), again));
          progress.onRetries(ledger.redispatched());
        }
      }
    }
  }

  /** Events are for reports; a job with endless churn keeps the first ones rather than growing without bound. */
  private void record(JobEvent event) {
    if (events.size() < settings.maxEvents()) {
      events.add(event);
    }
  }

  private static String describe(ActorRef<WorkerCommand> worker) {
    return worker.path().toString();
  }

  private static List<Long> indices(List<Partition> partitions) {
    return partitions.stream().map(Partition::index).toList();
  }

  /** To another JVM, as many Assigns as it takes to fit a frame each (a worker's prefetch can be large). */
  private void assign(ActorRef<WorkerCommand> worker, WorkerCommand.Assign assign) {
    if (!WireBudget.crossesWire(worker)) {
      send(worker, assign);
      return;
    }
    budget().fit(assign).forEach(part -> send(worker, part));
  }

  private void send(ActorRef<WorkerCommand> worker, WorkerCommand message) {
    messagesToWorkers++;
    worker.tell(message);
  }

  private Behavior<CoordinatorCommand> finish(JobOutcome outcome) {
    // Closed before the JobEnded notices go: their bytes, and late results, are no running job's.
    long wireBytes = meters.close(job.id()).bytes();
    workers.forEach(worker -> send(worker, new WorkerCommand.JobEnded(job.id())));
    replyTo.tell(outcome.withWireBytes(wireBytes));
    return Behaviors.stopped();
  }

  private JobStats stats() {
    return new JobStats(job.partitionCount(), ledger.redispatched(), aggregator.duplicates(),
        latency.summary(), messagesToWorkers, messagesFromWorkers, peakWorkers, 0, ledger.speculated(), events,
        workerCpuNanos);
  }
}

package io.scatter.node;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.protocol.wire.WireBudget;
import io.scatter.task.BoundTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A worker actor: pulls partitions of one job at a time from a coordinator, runs them, and sends
 * the outcomes back with its next pull. It keeps about {@code prefetch-window} of work queued so
 * the next partitions arrive while it computes, and it reads its mailbox every {@code slice} so a
 * {@link WorkerCommand.JobEnded} is never stuck behind a long queue.
 */
public final class Worker {

  /** Every worker registers under this key; coordinators follow its listing to find them. */
  public static final ServiceKey<WorkerCommand> SERVICE_KEY = ServiceKey.create(WorkerCommand.class, "scatter-workers");

  /** Run the next slice of queued partitions. */
  private enum Continue implements WorkerCommand { INSTANCE }

  /** A partition started with {@link PartitionExecutor#start} is done. */
  private record Finished(String jobId, PartitionOutcome outcome) implements WorkerCommand { }

  /** Resolves the task named in an offer; failures become failed partitions, not a dead worker. */
  public interface TaskResolver extends Function<TaskRef, BoundTask> {
  }

  private final ActorContext<WorkerCommand> context;
  private final TaskResolver resolver;
  private final WorkerSettings settings;
  private final Ticker ticker;
  /** Measures Pulls to a coordinator in another JVM; made on the first such job. */
  private WireBudget budget;

  private Worker(ActorContext<WorkerCommand> context, TaskResolver resolver, WorkerSettings settings, Ticker ticker) {
    this.context = context;
    this.resolver = resolver;
    this.settings = settings;
    this.ticker = ticker;
  }

  public static Behavior<WorkerCommand> create(TaskResolver resolver, WorkerSettings settings) {
    return create(resolver, settings, Ticker.system());
  }

  /** @param ticker the clock slices and flush intervals are measured on */
  public static Behavior<WorkerCommand> create(TaskResolver resolver, WorkerSettings settings, Ticker ticker) {
    return Behaviors.setup(context -> new Worker(context, resolver, settings, ticker).idle());
  }

  private Behavior<WorkerCommand> idle() {
    return Behaviors.receive(WorkerCommand.class)
        .onMessage(WorkerCommand.Offer.class, this::onOffer)
        .onMessage(WorkerCommand.Assign.class, assign -> Behaviors.same())
        .onMessage(WorkerCommand.JobEnded.class, ended -> Behaviors.same())
        .onMessageEquals(Continue.INSTANCE, Behaviors::same)
        .onMessage(Finished.class, finished -> Behaviors.same())
        .build();
  }

  private Behavior<WorkerCommand> onOffer(WorkerCommand.Offer offer) {
    ActiveJob job = new ActiveJob(offer.jobId(), resolve(offer.task()), offer.coordinator());
    job.flush();
    return working(job);
  }

  /** A task this JVM cannot load still gets pulled: each attempt then fails with the reason, and the job reports it. */
  private ResolvedTask resolve(TaskRef ref) {
    try {
      return new ResolvedTask(resolver.apply(ref), null);
    } catch (RuntimeException e) {
      return new ResolvedTask(null, PartitionExecutor.describe(e));
    }
  }

  private Behavior<WorkerCommand> working(ActiveJob job) {
    return Behaviors.receive(WorkerCommand.class)
        .onMessage(WorkerCommand.Assign.class, assign -> onAssign(job, assign))
        .onMessageEquals(Continue.INSTANCE, () -> runSlice(job))
        .onMessage(WorkerCommand.JobEnded.class, ended -> ended.jobId().equals(job.jobId) ? idle() : Behaviors.same())
        .onMessage(WorkerCommand.Offer.class, offer -> onOfferWhileWorking(job, offer))
        .onMessage(Finished.class, finished -> onFinished(job, finished))
        .build();
  }

  /**
   * The same job offered again means the coordinator lost sight of this worker (its node was
   * unreachable) and has it back: keep the queue and the results not yet sent, and ask afresh,
   * since the coordinator forgot what this worker had asked for.
   */
  private Behavior<WorkerCommand> onOfferWhileWorking(ActiveJob job, WorkerCommand.Offer offer) {
    if (!offer.jobId().equals(job.jobId)) {
      return onOffer(offer);
    }
    job.pullOutstanding = false;
    job.flush();
    return Behaviors.same();
  }

  private Behavior<WorkerCommand> onAssign(ActiveJob job, WorkerCommand.Assign assign) {
    if (!assign.jobId().equals(job.jobId)) {
      return Behaviors.same();
    }
    job.pullOutstanding = false;
    boolean wasRunning = !job.queue.isEmpty();
    job.queue.addAll(assign.partitions());
    // A Continue is already in the mailbox while the queue was non-empty; don't start a second loop.
    return wasRunning ? Behaviors.same() : runSlice(job);
  }

  private Behavior<WorkerCommand> runSlice(ActiveJob job) {
    long sliceEnd = ticker.read() + settings.slice().toNanos();
    while (!job.queue.isEmpty()) {
      if (job.task.overlaps()) {
        if (job.running >= settings.overlap()) {
          return Behaviors.same();
        }
        start(job, job.queue.poll());
        continue;
      }
      Partition partition = job.queue.poll();
      PartitionOutcome outcome = job.task.run(partition);
      job.record(outcome);
      if (job.shouldFlush()) {
        job.flush();
      }
      if (ticker.read() - sliceEnd > 0 && !job.queue.isEmpty()) {
        context.getSelf().tell(Continue.INSTANCE);
        return Behaviors.same();
      }
    }
    job.flush();
    return Behaviors.same();
  }

  /** Starts a partition that runs off this thread; its outcome comes back as a {@link Finished}. */
  private void start(ActiveJob job, Partition partition) {
    job.running++;
    String jobId = job.jobId;
    context.pipeToSelf(PartitionExecutor.start(job.task.task, partition),
        (outcome, failure) -> new Finished(jobId, failure == null ? outcome : PartitionExecutor.failed(partition, failure)));
  }

  private Behavior<WorkerCommand> onFinished(ActiveJob job, Finished finished) {
    if (!finished.jobId().equals(job.jobId)) {
      return Behaviors.same();
    }
    job.running--;
    job.record(finished.outcome());
    // Flushing at once, not on a timer: an overlapping partition is long, and its coordinator waits for it.
    job.flush();
    return runSlice(job);
  }

  private record ResolvedTask(BoundTask task, String error) {
    PartitionOutcome run(Partition partition) {
      return task != null
          ? PartitionExecutor.run(task, partition)
          : new PartitionOutcome.Failed(partition.index(), partition.attempt(), error);
    }

    boolean overlaps() {
      return task != null && task.overlaps();
    }
  }

  /** This worker's view of the job it is pulling from; owned by the actor, never shared. */
  private final class ActiveJob {
    final String jobId;
    final ResolvedTask task;
    final ActorRef<CoordinatorCommand> coordinator;
    final ArrayDeque<Partition> queue = new ArrayDeque<>();
    List<PartitionOutcome> outcomes = new ArrayList<>();
    boolean pullOutstanding;
    /** Partitions started and not yet finished (tasks that overlap only). */
    int running;
    long lastFlushNanos = ticker.read();
    /** Moving average of the time one partition takes here; 0 until the first one has run. */
    double averageNanos;

    ActiveJob(String jobId, ResolvedTask task, ActorRef<CoordinatorCommand> coordinator) {
      this.jobId = jobId;
      this.task = task;
      this.coordinator = coordinator;
    }

    void record(PartitionOutcome outcome) {
      outcomes.add(outcome);
      if (outcome instanceof PartitionOutcome.Completed completed) {
        long nanos = Math.max(1, completed.computeNanos());
        averageNanos = averageNanos == 0 ? nanos
            : (1 - settings.paceWeight()) * averageNanos + settings.paceWeight() * nanos;
      }
    }

    /** How many partitions cover the prefetch window at the pace measured so far. */
    int targetQueue() {
      if (averageNanos == 0) {
        return settings.prefetchMin();
      }
      double fits = settings.prefetchWindow().toNanos() / averageNanos;
      return (int) Math.max(settings.prefetchMin(), Math.min(settings.prefetchMax(), fits));
    }

    boolean shouldFlush() {
      return outcomes.size() >= settings.maxResultsPerMessage()
          || (!pullOutstanding && queue.size() <= targetQueue() / 2)
          || ticker.read() - lastFlushNanos >= settings.flushInterval().toNanos();
    }

    /** Sends finished outcomes and, unless a pull is already answered-pending, asks for a refill. */
    void flush() {
      int want = pullOutstanding ? 0 : Math.max(0, targetQueue() - queue.size());
      if (outcomes.isEmpty() && want == 0) {
        return;
      }
      send(new CoordinatorCommand.Pull(context.getSelf(), jobId, outcomes, want));
      outcomes = new ArrayList<>();
      lastFlushNanos = ticker.read();
      pullOutstanding |= want > 0;
    }

    /**
     * To another JVM a Pull goes as as many messages as its results need to fit a frame; a result
     * too large for any goes as its partition's failure (see {@link WireBudget#fit(CoordinatorCommand.Pull)}).
     */
    private void send(CoordinatorCommand.Pull pull) {
      if (!WireBudget.crossesWire(coordinator)) {
        coordinator.tell(pull);
        return;
      }
      if (budget == null) {
        budget = WireBudget.of(context.getSystem());
      }
      budget.fit(pull).forEach(coordinator::tell);
    }
  }
}

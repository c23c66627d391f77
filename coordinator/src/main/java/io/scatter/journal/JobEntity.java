package io.scatter.journal;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobEnded;
import io.scatter.journal.JournalRecord.JobEvent;
import io.scatter.journal.JournalRecord.ResultsAccepted;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job's journal: an event-sourced actor whose state is the {@link JournaledJob} value. Results
 * reach it through an {@link JobOutbox} rather than one message each: whatever arrived while the last
 * write was under way is written as one event, so the journal keeps up with any result rate at one
 * write per round trip (a group commit). When the job has ended, every event before its end is deleted
 * ({@link JournalEraser#compact}): its end alone replays to the same state, so a finished job costs a
 * few hundred bytes and no snapshot.
 */
final class JobEntity extends EventSourcedBehavior<JobEntity.Command, JobEvent, JournaledJob> {

  sealed interface Command { }

  /** Write what waits in the outbox. */
  enum Flush implements Command { INSTANCE }

  /** Reply with the state, once recovered. */
  record Get(ActorRef<JournaledJob> replyTo) implements Command { }

  /** Nothing more to do: the job's end is written (its compaction handed over), or it was recovered ended. */
  enum Passivate implements Command { INSTANCE }

  /** How it ended, and who waits for that to be written. */
  record Ending(String viewJson, CompletableFuture<Void> written) { }

  /** Someone waits for what was handed over before this to be written (a journal closing). */
  record Sync(CompletableFuture<Void> written) { }

  /**
   * An ended job with more events than this is compacted (its events before its end deleted); a smaller
   * one keeps its few events, which cost less kept than a delete (a job of a few partitions writes two
   * or three events, and a service runs hundreds of those a second).
   */
  static final long COMPACT_ABOVE = 8;

  private static final Duration RESTART_MIN = Duration.ofMillis(200);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Ticker ticker;
  /** Results are written at most this often; what arrives meanwhile goes in the next write (scatter.journal.results-every). */
  private final long resultsEveryNanos;
  private long lastWriteNanos;
  private final JobOutbox outbox;
  private final int snapshotEvery;
  private final Consumer<Throwable> unreadable;
  /** Told the sequence number of the job's end once it is written: the events before it can go. */
  private final LongConsumer compactor;
  /** A job this journal has never seen: nothing to read back, so recovery is skipped (a query saved per job). */
  private final boolean fresh;

  private JobEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String jobId, JobOutbox outbox,
      int snapshotEvery, Duration resultsEvery, Ticker ticker, Consumer<Throwable> unreadable, LongConsumer compactor,
      boolean fresh) {
    // A failed write (the database away) restarts the entity, which recovers and writes what comes next;
    // the batch it lost is recomputed on a resume, never wrong.
    super(persistenceId(jobId), SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2));
    this.context = context;
    this.timers = timers;
    this.ticker = ticker;
    this.resultsEveryNanos = resultsEvery.toNanos();
    // Started when its first write is due (JobOutbox), so it writes what waits at once.
    this.lastWriteNanos = ticker.read() - resultsEveryNanos;
    this.outbox = outbox;
    this.snapshotEvery = snapshotEvery;
    this.unreadable = unreadable;
    this.compactor = compactor;
    this.fresh = fresh;
  }

  static PersistenceId persistenceId(String jobId) {
    return PersistenceId.of("scatter-job", jobId);
  }

  /**
   * @param unreadable told when the job's events cannot be read back (corrupt, or another version's)
   * @param compactor  told the sequence number of the job's end once it is written, if it has more events than
   *     {@link #COMPACT_ABOVE}
   * @param fresh      the job was just registered: it has no events to recover
   */
  static Behavior<Command> create(String jobId, JobOutbox outbox, int snapshotEvery, Duration resultsEvery, Ticker ticker,
      Consumer<Throwable> unreadable, LongConsumer compactor, boolean fresh) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobEntity(context, timers, jobId, outbox,
        snapshotEvery, resultsEvery, ticker, unreadable, compactor, fresh)));
  }

  @Override
  public Recovery recovery() {
    return fresh ? Recovery.disabled() : super.recovery();
  }

  @Override
  public JournaledJob emptyState() {
    return JournaledJob.EMPTY;
  }

  @Override
  public CommandHandler<Command, JobEvent, JournaledJob> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Flush.class, this::onFlush)
        .onCommand(Get.class, (state, get) -> {
          get.replyTo().tell(state);
          return Effect().none();
        })
        .onCommand(Passivate.class, (state, passivate) -> {
          outbox.stopped();
          return Effect().stop();
        })
        .build();
  }

  private org.apache.pekko.persistence.typed.javadsl.Effect<JobEvent, JournaledJob> onFlush(JournaledJob state,
      Flush flush) {
    long sinceWrite = ticker.read() - lastWriteNanos;
    if (sinceWrite < resultsEveryNanos && !outbox.endWaiting()) {
      // Too soon after the last write: come back when the interval is over. Until then the flag stays
      // set, so the coordinator's results gather here without asking again (an end does not wait).
      outbox.flushLater();
      timers.startSingleTimer(Flush.INSTANCE, Duration.ofNanos(resultsEveryNanos - sinceWrite));
      return Effect().none();
    }
    List<AcceptedResult> results = new ArrayList<>();
    List<Ending> endings = new ArrayList<>();
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    for (Object item : outbox.drain()) {
      if (item instanceof Ending ending) {
        endings.add(ending);
        waiting.add(ending.written());
      } else if (item instanceof Sync sync) {
        waiting.add(sync.written());
      } else {
        @SuppressWarnings("unchecked")
        List<AcceptedResult> batch = (List<AcceptedResult>) item;
        results.addAll(batch);
      }
    }
    List<JobEvent> events = new ArrayList<>(1);
    if (!endings.isEmpty() && !state.isEnded()) {
      // Its end alone: an ended job keeps only how it ended (JournaledJob), so results written with it are dropped at once.
      events.add(new JobEnded(endings.get(0).viewJson()));
    } else if (!results.isEmpty() && !state.isEnded()) {
      events.add(new ResultsAccepted(results));
    }
    if (events.isEmpty() || !outbox.mayWrite()) { // (the job ended in the registry's write: nothing of it is needed)
      waiting.forEach(written -> written.complete(null));
      return Effect().none();
    }
    lastWriteNanos = ticker.read();
    return Effect().persist(events).thenRun(written -> {
      waiting.forEach(done -> done.complete(null));
      if (written.isEnded()) {
        long end = lastSequenceNumber(context);
        if (end > COMPACT_ABOVE) {
          compactor.accept(end);
        }
        context.getSelf().tell(Passivate.INSTANCE); // nothing more to write
      }
    });
  }

  @Override
  public EventHandler<JournaledJob, JobEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JournaledJob::updated);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 1).withDeleteEventsOnSnapshot();
  }

  @Override
  public SignalHandler<JournaledJob> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryFailed.class, (state, failed) -> unreadable.accept(failed.getFailure()))
        .build();
  }
}

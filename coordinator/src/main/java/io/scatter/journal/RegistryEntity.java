package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobEndedEarly;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The journal's list of jobs, event-sourced: which jobs to recover and what each was submitted as,
 * and the last number given, so ids keep growing across restarts and none is ever given twice over
 * the journal's life. A job's registration is the one write its client waits for, and a job that
 * ends before its own entity wrote anything ends here too. One entity for every job, so it takes
 * requests through an {@link RegistryOutbox}: the jobs submitted (or ended) while a write was under
 * way are all written in the next one (clients submitting at once share a commit, and so do many
 * small jobs ending at once).
 */
final class RegistryEntity extends EventSourcedBehavior<RegistryEntity.Command, RegistryEvent, JobRegistry> {

  sealed interface Command { }

  /** Give ids to the jobs that asked, forget those let go, in one write. */
  enum Flush implements Command { INSTANCE }

  record Get(ActorRef<JobRegistry> replyTo) implements Command { }

  /** A job submitted, with the number and id the outbox gave it; {@code written} completes once both are written. */
  record Registration(JobRegistered registered, CompletableFuture<Void> written) { }

  /** A job's end, written here since its entity wrote nothing; completed once written. */
  record EarlyEnd(JobEndedEarly ended, CompletableFuture<Void> written) { }

  /** Someone waits for what was handed over before this to be written (a journal closing). */
  record Sync(CompletableFuture<Void> written) { }

  /**
   * Where callers leave registrations and forgotten ids, from any thread, without waiting. It numbers
   * the jobs itself, so a job has its id at once and can run while its registration is written.
   */
  static final class RegistryOutbox extends Outbox<Command> {
    /** Runs a task after a while: when the ends and forgettings nobody waits for are written at the latest. */
    private final Consumer<Runnable> later;
    /** What follows the number in an id: this coordinator's start, so two coordinators sharing workers differ. */
    private final String suffix;
    /** The last number given; numbers given and never written (a failed write) are skipped, never given again. */
    private long lastNumber;

    RegistryOutbox(Consumer<Runnable> later, String suffix) {
      super(Flush.INSTANCE);
      this.later = later;
      this.suffix = suffix;
    }

    /** Numbers from here on follow {@code last}, the highest the journal holds; called once, before the first registration. */
    synchronized void numberAfter(long last) {
      lastNumber = Math.max(lastNumber, last);
    }

    /** Gives the job its number and id now, and hands its registration over; {@code written} completes once it is durable. */
    synchronized Registration register(JobSubmitted submitted) {
      // Numbered and queued under one lock, so the registry writes the numbers in the order given.
      long number = ++lastNumber;
      Registration registration = new Registration(new JobRegistered(number, number + "-" + suffix, submitted),
          new CompletableFuture<>());
      add(registration);
      return registration;
    }

    CompletableFuture<Void> end(String id, String viewJson) {
      CompletableFuture<Void> written = new CompletableFuture<>();
      // Nobody waits for an end to be written (its job's client has its answer): it goes with the next
      // registrations, or on its own a little later, so a service's small jobs cost a write each, not two.
      addLater(new EarlyEnd(new JobEndedEarly(id, viewJson), written), later);
      return written;
    }

    void forget(String id) {
      addLater(id, later);
    }

    /** Completes once what was handed over before it is written. */
    CompletableFuture<Void> sync() {
      CompletableFuture<Void> written = new CompletableFuture<>();
      add(new Sync(written));
      return written;
    }
  }

  /**
   * Writes between snapshots, at least. A snapshot holds every job kept with what it was submitted as
   * and how it ended (a busy minute's tens of thousands, a kilobyte each), so the next comes only after
   * at least as many writes as the last one held jobs: a snapshot's cost per write stays under a job's
   * (where a fixed 1,000 wrote a 20 MB snapshot every 3,000 jobs at 2,000 jobs/s), and while the
   * registry grows the interval doubles at most, so recovery replays fewer events than a snapshot holds jobs.
   */
  static final int SNAPSHOT_EVERY = 1000;

  private final ActorContext<Command> context;
  /** The last snapshot's sequence number (at recovery: where recovery ended), so the next comes after {@link #snapshotDue}. */
  private long lastSnapshotSeq;
  /** How many jobs the last snapshot held (at recovery: the registry as recovered). */
  private int lastSnapshotJobs;

  private final RegistryOutbox outbox;
  private final Consumer<Throwable> unreadable;
  /**
   * Told the ids whose forgetting is written and that have rows of their own: only then may their rows
   * go (a crash before would list them, empty).
   */
  private final Consumer<List<String>> forgottenWritten;

  /** @param unreadable told when the registry's events cannot be read back */
  private RegistryEntity(ActorContext<Command> context, RegistryOutbox outbox,
      Consumer<Throwable> unreadable, Consumer<List<String>> forgottenWritten) {
    super(PersistenceId.ofUniqueId("scatter-jobs"),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.outbox = outbox;
    this.unreadable = unreadable;
    this.forgottenWritten = forgottenWritten;
  }

  static Behavior<Command> create(RegistryOutbox outbox, Consumer<Throwable> unreadable,
      Consumer<List<String>> forgottenWritten) {
    return Behaviors.setup(context -> new RegistryEntity(context, outbox, unreadable, forgottenWritten));
  }

  @Override
  public JobRegistry emptyState() {
    return JobRegistry.EMPTY;
  }

  @Override
  public CommandHandler<Command, RegistryEvent, JobRegistry> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Flush.class, this::onFlush)
        .onCommand(Get.class, (state, get) -> {
          get.replyTo().tell(state);
          return Effect().none();
        })
        .build();
  }

  private Effect<RegistryEvent, JobRegistry> onFlush(JobRegistry state, Flush flush) {
    List<JobRegistered> registered = new ArrayList<>();
    List<JobEndedEarly> ended = new ArrayList<>();
    List<String> forgotten = new ArrayList<>();
    List<String> erase = new ArrayList<>();
    // Registrations, ends and syncs alike complete once this write is done (or at once, if there is nothing to write).
    List<CompletableFuture<Void>> written = new ArrayList<>();
    // A job may end (or, its registration's write failed, be forgotten) in the write that registers it.
    Set<String> registeredHere = new HashSet<>();
    for (Object item : outbox.drain()) {
      if (item instanceof Registration registration) {
        registered.add(registration.registered());
        registeredHere.add(registration.registered().id());
        written.add(registration.written());
      } else if (item instanceof Sync sync) {
        written.add(sync.written());
      } else if (item instanceof EarlyEnd end) {
        if (state.keeps(end.ended().id()) || registeredHere.contains(end.ended().id())) {
          ended.add(end.ended());
        }
        written.add(end.written());
      } else if (state.keeps((String) item) || registeredHere.contains((String) item)) {
        forgotten.add((String) item);
        if (state.endedView((String) item).isEmpty() && !registeredHere.contains((String) item)) {
          erase.add((String) item); // a job that ended here has no rows of its own
        }
      }
    }
    if (registered.isEmpty() && ended.isEmpty() && forgotten.isEmpty()) {
      written.forEach(done -> done.complete(null));
      return Effect().none();
    }
    return Effect().persist(new RegistryEvent(registered, ended, forgotten)).thenRun(saved -> {
      if (!erase.isEmpty()) {
        forgottenWritten.accept(erase);
      }
      written.forEach(done -> done.complete(null));
    });
  }

  @Override
  public EventHandler<JobRegistry, RegistryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobRegistry::updated);
  }

  /** Whether a snapshot is due after the write numbered {@code sequenceNr}, the last one having held {@code lastJobs} jobs. */
  static boolean snapshotDue(long sequenceNr, long lastSnapshotSeq, int lastJobs) {
    return sequenceNr - lastSnapshotSeq >= Math.max(SNAPSHOT_EVERY, lastJobs);
  }

  @Override
  public boolean shouldSnapshot(JobRegistry state, RegistryEvent event, long sequenceNr) {
    if (!snapshotDue(sequenceNr, lastSnapshotSeq, lastSnapshotJobs)) {
      return false;
    }
    lastSnapshotSeq = sequenceNr;
    lastSnapshotJobs = state.size();
    return true;
  }

  @Override
  public SignalHandler<JobRegistry> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryFailed.class, (state, failed) -> unreadable.accept(failed.getFailure()))
        .onSignal(RecoveryCompleted.class, (state, completed) -> {
          lastSnapshotSeq = lastSequenceNumber(context);
          lastSnapshotJobs = state.size();
        })
        .onSignal(SnapshotCompleted.class, (state, completed) -> compact(completed.metadata().sequenceNr()))
        .build();
  }

  /**
   * Deletes the events and older snapshots a new snapshot made useless (the answers come back as
   * signals, unhandled here: a deletion that failed leaves rows that the next one deletes).
   */
  private void compact(long snapshotSeq) {
    Compaction.deleteEvents(context, persistenceId().id(), snapshotSeq);
    Compaction.deleteSnapshotsBefore(context, persistenceId().id(), snapshotSeq);
  }
}

package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobEndedEarly;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
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

  /** A job submitted, asking for its id; completed once both are written. */
  record Registration(JobSubmitted submitted, CompletableFuture<String> id) { }

  /** A job's end, written here since its entity wrote nothing; completed once written. */
  record EarlyEnd(JobEndedEarly ended, CompletableFuture<Void> written) { }

  /** Someone waits for what was handed over before this to be written (a journal closing). */
  record Sync(CompletableFuture<Void> written) { }

  /** Where callers leave registrations and forgotten ids, from any thread, without waiting. */
  static final class RegistryOutbox extends Outbox<Command> {
    /** Runs a task after a while: when the ends and forgettings nobody waits for are written at the latest. */
    private final Consumer<Runnable> later;

    RegistryOutbox(Consumer<Runnable> later) {
      super(Flush.INSTANCE);
      this.later = later;
    }

    CompletableFuture<String> register(JobSubmitted submitted) {
      CompletableFuture<String> id = new CompletableFuture<>();
      add(new Registration(submitted, id));
      return id;
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
   * Writes between snapshots; recovery replays at most these. A snapshot holds every job kept with what
   * it was submitted as (a busy minute's thousands), so it is not taken often.
   */
  private static final int SNAPSHOT_EVERY = 1000;

  private final String suffix;
  private final RegistryOutbox outbox;
  private final Consumer<Throwable> unreadable;
  /**
   * Told the ids whose forgetting is written and that have rows of their own: only then may their rows
   * go (a crash before would list them, empty).
   */
  private final Consumer<List<String>> forgottenWritten;

  /**
   * @param suffix     what follows the number in an id: this coordinator's start, so two coordinators sharing workers differ
   * @param unreadable told when the registry's events cannot be read back
   */
  private RegistryEntity(String suffix, RegistryOutbox outbox, Consumer<Throwable> unreadable,
      Consumer<List<String>> forgottenWritten) {
    super(PersistenceId.ofUniqueId("scatter-jobs"),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.suffix = suffix;
    this.outbox = outbox;
    this.unreadable = unreadable;
    this.forgottenWritten = forgottenWritten;
  }

  static Behavior<Command> create(String suffix, RegistryOutbox outbox, Consumer<Throwable> unreadable,
      Consumer<List<String>> forgottenWritten) {
    return Behaviors.setup(context -> new RegistryEntity(suffix, outbox, unreadable, forgottenWritten));
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
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    // Ends and syncs alike complete once this write is done (or at once, if there is nothing to write).
    List<CompletableFuture<Void>> syncs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long number = state.lastNumber();
    for (Object item : outbox.drain()) {
      if (item instanceof Registration registration) {
        number++;
        String id = number + "-" + suffix;
        registered.add(new JobRegistered(number, id, registration.submitted()));
        waiting.add(registration.id());
        ids.add(id);
      } else if (item instanceof Sync sync) {
        syncs.add(sync.written());
      } else if (item instanceof EarlyEnd end) {
        if (state.keeps(end.ended().id())) {
          ended.add(end.ended());
        }
        syncs.add(end.written());
      } else if (state.keeps((String) item)) {
        forgotten.add((String) item);
        if (state.endedView((String) item).isEmpty()) {
          erase.add((String) item); // a job that ended here has no rows of its own
        }
      }
    }
    if (registered.isEmpty() && ended.isEmpty() && forgotten.isEmpty()) {
      syncs.forEach(sync -> sync.complete(null));
      return Effect().none();
    }
    return Effect().persist(new RegistryEvent(registered, ended, forgotten)).thenRun(written -> {
      for (int i = 0; i < waiting.size(); i++) {
        waiting.get(i).complete(ids.get(i));
      }
      if (!erase.isEmpty()) {
        forgottenWritten.accept(erase);
      }
      syncs.forEach(sync -> sync.complete(null));
    });
  }

  @Override
  public EventHandler<JobRegistry, RegistryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobRegistry::updated);
  }

  @Override
  public SignalHandler<JobRegistry> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryFailed.class, (state, failed) -> unreadable.accept(failed.getFailure()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 1).withDeleteEventsOnSnapshot();
  }
}

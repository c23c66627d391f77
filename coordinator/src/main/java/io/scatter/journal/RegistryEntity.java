package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobForgotten;
import io.scatter.journal.JournalRecord.JobRegistered;
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
 * The journal's list of jobs, event-sourced: which jobs to recover, and the last number given, so
 * ids keep growing across restarts and none is ever given twice over the journal's life. One
 * entity for every job, so it takes requests through an {@link RegistryOutbox}: the ids asked for while a
 * write was under way are all given in the next one (clients submitting at once share a commit).
 */
final class RegistryEntity extends EventSourcedBehavior<RegistryEntity.Command, RegistryEvent, JobRegistry> {

  sealed interface Command { }

  /** Give ids to the jobs that asked, forget those let go, in one write. */
  enum Flush implements Command { INSTANCE }

  record Get(ActorRef<JobRegistry> replyTo) implements Command { }

  /** A job asking for its id; completed once the id is written. */
  record Registration(CompletableFuture<String> id) { }

  /** Where callers leave registrations and forgotten ids, from any thread, without waiting. */
  static final class RegistryOutbox extends Outbox<Command> {
    RegistryOutbox() {
      super(Flush.INSTANCE);
    }

    CompletableFuture<String> register() {
      CompletableFuture<String> id = new CompletableFuture<>();
      add(new Registration(id));
      return id;
    }

    void forget(String id) {
      add(id);
    }
  }

  /** Events between snapshots; a snapshot holds the ids kept, so recovery replays at most these. */
  private static final int SNAPSHOT_EVERY = 1000;

  private final String suffix;
  private final RegistryOutbox outbox;
  private final Consumer<Throwable> unreadable;

  /**
   * @param suffix     what follows the number in an id: this coordinator's start, so two coordinators sharing workers differ
   * @param unreadable told when the registry's events cannot be read back
   */
  private RegistryEntity(String suffix, RegistryOutbox outbox, Consumer<Throwable> unreadable) {
    super(PersistenceId.ofUniqueId("scatter-jobs"),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.suffix = suffix;
    this.outbox = outbox;
    this.unreadable = unreadable;
  }

  static Behavior<Command> create(String suffix, RegistryOutbox outbox, Consumer<Throwable> unreadable) {
    return Behaviors.setup(context -> new RegistryEntity(suffix, outbox, unreadable));
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
    List<RegistryEvent> events = new ArrayList<>();
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long number = state.lastNumber();
    for (Object item : outbox.drain()) {
      if (item instanceof Registration registration) {
        number++;
        String id = number + "-" + suffix;
        events.add(new JobRegistered(number, id));
        waiting.add(registration.id());
        ids.add(id);
      } else if (state.ids().contains((String) item)) {
        events.add(new JobForgotten((String) item));
      }
    }
    if (events.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(events).thenRun(written -> {
      for (int i = 0; i < waiting.size(); i++) {
        waiting.get(i).complete(ids.get(i));
      }
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

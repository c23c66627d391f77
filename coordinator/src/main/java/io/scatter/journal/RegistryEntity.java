package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobForgotten;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import java.util.function.Consumer;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The journal's list of jobs, event-sourced: which jobs to recover, and the last number given, so
 * ids keep growing across restarts and none is ever given twice over the journal's life.
 */
final class RegistryEntity extends EventSourcedBehavior<RegistryEntity.Command, RegistryEvent, JobRegistry> {

  sealed interface Command { }

  /** Give the next job an id (durably) and reply with it. */
  record Register(ActorRef<String> replyTo) implements Command { }

  /** Stop recovering this ended job. */
  record Forget(String id) implements Command { }

  record Get(ActorRef<JobRegistry> replyTo) implements Command { }

  /** Registrations between snapshots; a snapshot holds the ids kept, so recovery replays at most these. */
  private static final int SNAPSHOT_EVERY = 100;

  private final String suffix;
  private final Consumer<Throwable> unreadable;

  /**
   * @param suffix     what follows the number in an id: this coordinator's start, so two coordinators sharing workers differ
   * @param unreadable told when the registry's events cannot be read back
   */
  RegistryEntity(String suffix, Consumer<Throwable> unreadable) {
    super(PersistenceId.ofUniqueId("scatter-jobs"),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.suffix = suffix;
    this.unreadable = unreadable;
  }

  @Override
  public SignalHandler<JobRegistry> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryFailed.class, (state, failed) -> unreadable.accept(failed.getFailure()))
        .build();
  }

  @Override
  public JobRegistry emptyState() {
    return JobRegistry.EMPTY;
  }

  @Override
  public CommandHandler<Command, RegistryEvent, JobRegistry> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Register.class, (state, register) -> {
          long number = state.lastNumber() + 1;
          String id = number + "-" + suffix;
          return Effect().persist(new JobRegistered(number, id)).thenRun(written -> register.replyTo().tell(id));
        })
        .onCommand(Forget.class, (state, forget) -> state.ids().contains(forget.id())
            ? Effect().persist(new JobForgotten(forget.id())) : Effect().none())
        .onCommand(Get.class, (state, get) -> {
          get.replyTo().tell(state);
          return Effect().none();
        })
        .build();
  }

  @Override
  public EventHandler<JobRegistry, RegistryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobRegistry::updated);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 1).withDeleteEventsOnSnapshot();
  }
}

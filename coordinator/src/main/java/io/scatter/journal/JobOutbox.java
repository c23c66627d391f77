package io.scatter.journal;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JobEntity.Command;
import io.scatter.journal.JobEntity.Ending;
import io.scatter.journal.JobEntity.Passivate;
import io.scatter.journal.JobEntity.Sync;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where a job's coordinator leaves results (and finally its end) for the journal, from its own thread.
 * A fresh job's entity is not started until its first write is due (results-every after its
 * registration): most small jobs end before, in the registry's shared write, and never start one, so
 * they cost neither an actor nor the query every event-sourced actor makes for its last sequence number.
 */
final class JobOutbox extends Outbox<Command> {

  /**
   * Whether the job has rows of its own, decided once: the entity's first write and an end in the
   * registry's write race for it, so a job that ended there has no rows, ever (none to erase).
   */
  enum Rows { NONE_YET, OWN, NONE_ENDED_IN_REGISTRY }

  private final AtomicReference<Rows> rows;
  private final Function<JobOutbox, ActorRef<Command>> spawner;
  /** Set once the job's end is handed over. */
  private volatile boolean endWaiting;
  /** Set as the entity stops (or when it will never start): it writes nothing more, so nobody should wait for it. */
  private volatile boolean stopped;
  /** Whether the entity may start: its first write is due, or someone waits for a write. */
  private boolean due;
  /** The job's registration is durable: nothing of the job is written before (its rows would be nobody's). */
  private final CompletableFuture<Void> registered;

  /**
   * @param registered for a job just registered, which has written nothing of its own yet (its entity starts
   *     once {@link #due}): its registration's write; null for a job recovered from the journal
   * @param spawner    starts the job's entity, writing from this outbox; called at most once
   */
  JobOutbox(CompletableFuture<Void> registered, Function<JobOutbox, ActorRef<Command>> spawner) {
    super(JobEntity.Flush.INSTANCE);
    boolean fresh = registered != null;
    this.rows = new AtomicReference<>(fresh ? Rows.NONE_YET : Rows.OWN);
    this.registered = fresh ? registered : CompletableFuture.completedFuture(null);
    this.spawner = spawner;
    this.due = !fresh;
  }

  /** True when the job's end goes in the registry's shared write: its entity had not begun to write, and now never will. */
  boolean endInRegistry() {
    return rows.compareAndSet(Rows.NONE_YET, Rows.NONE_ENDED_IN_REGISTRY);
  }

  /** True when the entity may write: the job's end did not go to the registry first. */
  boolean mayWrite() {
    return rows.compareAndSet(Rows.NONE_YET, Rows.OWN) || rows.get() == Rows.OWN;
  }

  /** The job's first write is due: the entity starts if anything waits to be written. */
  synchronized void due() {
    due = true;
    if (flushPending() && !stopped) { // (a flush asked before now was held back: ask it now, a second one is harmless)
      entity().tell(flushMessage());
    }
  }

  /** The entity, started now if it was not. */
  @Override
  synchronized ActorRef<Command> entity() {
    ActorRef<Command> entity = entityIfStarted();
    if (entity == null) {
      entity = spawner.apply(this);
      attach(entity);
    }
    return entity;
  }

  private ActorRef<Command> entityIfStarted() {
    return super.entity();
  }

  @Override
  synchronized void askFlush() {
    if (stopped || (!due && entityIfStarted() == null)) {
      return; // a stopped entity writes nothing more; a fresh one starts when due() finds this pending
    }
    entity().tell(flushMessage());
  }

  /** Nothing more is written for this job: its entity stops, or never starts. */
  synchronized void passivate() {
    ActorRef<Command> entity = entityIfStarted();
    if (entity != null) {
      entity.tell(Passivate.INSTANCE);
    } else {
      stopped = true;
    }
  }

  void stopped() {
    stopped = true;
  }

  void results(List<AcceptedResult> results) {
    add(results);
  }

  /**
   * The job's end is written at once, not when results-every would next allow: a coordinator killed
   * after it would otherwise resume a job that had ended.
   */
  CompletableFuture<Void> end(String viewJson) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    endWaiting = true;
    add(new Ending(viewJson, written));
    askFlush(); // the entity may be waiting out results-every with its flush asked already
    return written;
  }

  /** Whether the job's end waits to be written: the entity writes it without waiting for results-every. */
  boolean endWaiting() {
    return endWaiting;
  }

  /**
   * Completes once what was handed over before it is written; at once if the entity has stopped. A
   * job whose registration is not durable yet writes nothing before it is.
   */
  CompletableFuture<Void> sync() {
    if (!registered.isDone()) {
      return registered.thenCompose(written -> sync());
    }
    // Through the entity even when nothing waits here: a write it has begun may not be done.
    if (stopped) {
      return CompletableFuture.completedFuture(null);
    }
    synchronized (this) {
      due = true; // someone waits: what is handed over is written now, not when it would have been due
    }
    CompletableFuture<Void> written = new CompletableFuture<>();
    add(new Sync(written));
    return written;
  }
}

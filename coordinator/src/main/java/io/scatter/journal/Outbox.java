package io.scatter.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where callers leave work for one event-sourced entity, from any thread and without waiting: a
 * queue, and one flush message asked for at a time. The entity drains everything that waits into one
 * write, so whatever arrives while a write is under way goes in the next one (a group commit).
 *
 * @param <C> the entity's command type
 */
class Outbox<C> {

  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  /** Cleared by the entity before it drains, so an item added after the drain began asks for another. */
  private final AtomicBoolean flushAsked = new AtomicBoolean();
  /** Set while a delayed flush for items nobody waits for is scheduled ({@link #addLater}). */
  private final AtomicBoolean laterAsked = new AtomicBoolean();
  private final C flush;
  private volatile ActorRef<C> entity;

  /** @param flush the message that makes the entity drain */
  Outbox(C flush) {
    this.flush = flush;
  }

  /** Set by whoever spawns the entity, from the ref spawning returns: its setup runs later, and callers may add at once. */
  void attach(ActorRef<C> entity) {
    this.entity = entity;
  }

  ActorRef<C> entity() {
    return entity;
  }

  void add(Object item) {
    items.add(item);
    if (flushAsked.compareAndSet(false, true)) {
      askFlush();
    }
  }

  /**
   * Adds an item nobody waits for: it goes in the next write anyway (asked for by an item someone
   * waits for), or in one that {@code later} asks for after a while, so such items alone do not cost
   * a write each.
   *
   * @param later runs its task after the delay the caller chose
   */
  void addLater(Object item, java.util.function.Consumer<Runnable> later) {
    items.add(item);
    if (!flushAsked.get() && laterAsked.compareAndSet(false, true)) {
      later.accept(() -> {
        laterAsked.set(false);
        if (!items.isEmpty() && flushAsked.compareAndSet(false, true)) {
          askFlush();
        }
      });
    }
  }

  /** Asks the entity to drain: called once per flush, by whoever added the first item since the last drain. */
  void askFlush() {
    entity.tell(flush);
  }

  /** Whether a flush was asked for and not begun yet (items wait). */
  boolean flushPending() {
    return flushAsked.get();
  }

  C flushMessage() {
    return flush;
  }

  /** The entity takes everything waiting; items added from now on ask for another flush. */
  List<Object> drain() {
    flushAsked.set(false);
    List<Object> drained = new ArrayList<>();
    for (Object item = items.poll(); item != null; item = items.poll()) {
      drained.add(item);
    }
    return drained;
  }

  /** The entity will flush by itself later (a timer): until then, items gather without asking again. */
  void flushLater() {
    flushAsked.set(true);
  }
}

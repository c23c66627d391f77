package io.scatter.coordinator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each worker of a job is in its membership, one phase per worker, and which active workers
 * wait for partitions. A worker is known from when it is {@linkplain #add added} (offered the job)
 * until it is {@linkplain #lose lost}; a lost worker may be added again.
 *
 * <ul>
 *   <li>{@link Phase#ACTIVE}: served when it asks; it may be <em>hungry</em>, asked for partitions
 *       that were not there to give, and it waits for them in the order it first asked.
 *   <li>{@link Phase#SUSPENDED}: its node's lifeline closed; given nothing until heard from again,
 *       which makes it active once more.
 *   <li>{@link Phase#LEAVING}: it handed back its work to leave; given nothing more, ever.
 * </ul>
 *
 * Only an active worker is hungry: a worker that stops being active forgets what it asked for. Pure;
 * the coordinator actor owns it, does what each transition means (requeue, offer, record) and asks
 * it who is there.
 *
 * @param <W> how a worker is identified (an actor ref in production, a string in tests)
 */
final class WorkerPhases<W> {

  enum Phase { ACTIVE, SUSPENDED, LEAVING }

  /** An active worker waiting for up to {@code want} partitions. */
  record Hungry<W>(W worker, int want) { }

  private final Map<W, Phase> phases = new HashMap<>();
  /** The workers in {@link Phase#ACTIVE}, kept beside {@link #phases} so the ledger's fair share reads them as they are. */
  private final Set<W> active = new HashSet<>();
  private final Set<W> activeView = Collections.unmodifiableSet(active);
  /** Hungry workers and how many each wants, in the order they first asked. */
  private final Map<W, Integer> hungry = new LinkedHashMap<>();

  /**
   * A new worker, offered the job: active.
   *
   * @throws IllegalStateException if it is known already
   */
  void add(W worker) {
    if (phases.putIfAbsent(worker, Phase.ACTIVE) != null) {
      throw new IllegalStateException("worker " + worker + " is " + phases.get(worker) + " already");
    }
    active.add(worker);
  }

  /**
   * Its node's lifeline closed: an active worker is suspended and forgets what it asked for.
   *
   * @return whether it was active (a worker in another phase, or unknown, is left as it is)
   */
  boolean suspend(W worker) {
    return deactivate(worker, Phase.SUSPENDED);
  }

  /**
   * Heard from again: a suspended worker is active once more, hungry for nothing until it asks.
   *
   * @return whether it was suspended (a worker in another phase, or unknown, is left as it is)
   */
  boolean resume(W worker) {
    if (phases.get(worker) != Phase.SUSPENDED) {
      return false;
    }
    phases.put(worker, Phase.ACTIVE);
    active.add(worker);
    return true;
  }

  /**
   * It hands back its work to leave: an active or suspended worker is leaving and forgets what it
   * asked for.
   *
   * @return whether it was active or suspended, so this is the first hand-back of its leaving (one
   *     leaving already, or unknown, is left as it is)
   */
  boolean leave(W worker) {
    Phase phase = phases.get(worker);
    if (phase == Phase.SUSPENDED) {
      phases.put(worker, Phase.LEAVING);
      return true;
    }
    return deactivate(worker, Phase.LEAVING);
  }

  /**
   * Lost (it stopped, or became unreachable): forgotten, whatever its phase.
   *
   * @return the phase it was in, null if it was not known
   */
  Phase lose(W worker) {
    Phase phase = phases.remove(worker);
    active.remove(worker);
    hungry.remove(worker);
    return phase;
  }

  /**
   * An active worker asks for {@code want} more: it is hungry for them until {@linkplain #served
   * served}. Asking again while hungry replaces what it wants and keeps its place. Ignored for a
   * worker that is not active, or wants none.
   */
  void asked(W worker, int want) {
    if (want > 0 && active.contains(worker)) {
      hungry.put(worker, want);
    }
  }

  /** The worker was given partitions: it is hungry no more. */
  void served(W worker) {
    hungry.remove(worker);
  }

  /** The active workers, as they are now (a view: it follows the transitions; it cannot be changed). */
  Set<W> active() {
    return activeView;
  }

  boolean hasActive() {
    return !active.isEmpty();
  }

  boolean isActive(W worker) {
    return active.contains(worker);
  }

  boolean isLeaving(W worker) {
    return phases.get(worker) == Phase.LEAVING;
  }

  boolean isKnown(W worker) {
    return phases.containsKey(worker);
  }

  /** Every known worker, whatever its phase: a copy, so the caller may change phases as it goes through them. */
  List<W> known() {
    return List.copyOf(phases.keySet());
  }

  /** The suspended workers: a copy. */
  List<W> suspended() {
    List<W> suspended = new ArrayList<>();
    phases.forEach((worker, phase) -> {
      if (phase == Phase.SUSPENDED) {
        suspended.add(worker);
      }
    });
    return suspended;
  }

  /** The hungry workers in the order they first asked, with what each wants: a copy. */
  List<Hungry<W>> hungry() {
    List<Hungry<W>> waiting = new ArrayList<>(hungry.size());
    hungry.forEach((worker, want) -> waiting.add(new Hungry<>(worker, want)));
    return waiting;
  }

  /** An active worker goes to {@code next} and forgets what it asked for; false if it was not active. */
  private boolean deactivate(W worker, Phase next) {
    if (!active.remove(worker)) {
      return false;
    }
    phases.put(worker, next);
    hungry.remove(worker);
    return true;
  }
}

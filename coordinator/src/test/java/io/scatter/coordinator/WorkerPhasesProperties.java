package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.WorkerPhases.Hungry;
import io.scatter.coordinator.WorkerPhases.Phase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any sequence of transitions keeps each known worker in exactly one phase and only active workers
 * hungry, and does what the four collections {@link JobCoordinator} kept before it did ({@link
 * FourCollections}, its handlers' steps copied as they were).
 */
final class WorkerPhasesProperties {

  private static final List<String> WORKERS = List.of("a", "b", "c", "d");

  enum Kind { ADD, SUSPEND, RESUME, LEAVE, LOSE, ASK, SERVE }

  record Step(Kind kind, String worker, int want) { }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.of(Kind.class), Arbitraries.of(WORKERS), Arbitraries.integers().between(-1, 4)).as(Step::new);
    return step.list().ofMaxSize(60);
  }

  @Property
  void anySteps_keepEachKnownWorkerInOnePhase_andOnlyActiveOnesHungry(@ForAll("steps") List<Step> steps) {
    WorkerPhases<String> phases = new WorkerPhases<>();
    for (Step step : steps) {
      apply(phases, step);
      for (String worker : WORKERS) {
        int in = (phases.isActive(worker) ? 1 : 0) + (phases.suspended().contains(worker) ? 1 : 0)
            + (phases.isLeaving(worker) ? 1 : 0);
        assertEquals(phases.isKnown(worker) ? 1 : 0, in, () -> worker + " after " + steps);
      }
      assertEquals(Set.copyOf(phases.known()).size(), phases.known().size());
      for (Hungry<String> hungry : phases.hungry()) {
        assertTrue(phases.isActive(hungry.worker()), () -> hungry + " after " + steps);
        assertTrue(hungry.want() > 0);
      }
      assertEquals(phases.hasActive(), !phases.active().isEmpty());
    }
  }

  @Property
  void anySteps_doWhatTheFourCollectionsDid(@ForAll("steps") List<Step> steps) {
    WorkerPhases<String> phases = new WorkerPhases<>();
    FourCollections before = new FourCollections();
    for (Step step : steps) {
      if (step.kind() == Kind.ADD && before.isKnown(step.worker())) {
        // JobCoordinator.addWorkers skips a known worker; adding one is a mistake.
        assertThrows(IllegalStateException.class, () -> phases.add(step.worker()));
        continue;
      }
      assertEquals(before.apply(step), apply(phases, step), () -> step + " in " + steps);
      assertEquals(before.workers, phases.active(), () -> "active after " + steps);
      assertEquals(before.suspended, Set.copyOf(phases.suspended()), () -> "suspended after " + steps);
      assertEquals(before.leaving, leaving(phases), () -> "leaving after " + steps);
      assertEquals(before.hungry(), phases.hungry(), () -> "hungry after " + steps);
    }
  }

  /** What the transition answered, for the ones that answer. */
  private static Object apply(WorkerPhases<String> phases, Step step) {
    String worker = step.worker();
    return switch (step.kind()) {
      case ADD -> {
        if (!phases.isKnown(worker)) {
          phases.add(worker);
        }
        yield null;
      }
      case SUSPEND -> phases.suspend(worker);
      case RESUME -> phases.resume(worker);
      case LEAVE -> phases.leave(worker);
      case LOSE -> phases.lose(worker);
      case ASK -> {
        phases.asked(worker, step.want());
        yield null;
      }
      case SERVE -> {
        phases.served(worker);
        yield null;
      }
    };
  }

  private static Set<String> leaving(WorkerPhases<String> phases) {
    Set<String> leaving = new HashSet<>();
    phases.known().stream().filter(phases::isLeaving).forEach(leaving::add);
    return leaving;
  }

  /** JobCoordinator's worker collections and the steps its handlers took on them, before WorkerPhases. */
  private static final class FourCollections {
    final Set<String> workers = new HashSet<>();
    final Set<String> suspended = new HashSet<>();
    final Set<String> leaving = new HashSet<>();
    final Map<String, Integer> hungry = new LinkedHashMap<>();

    boolean isKnown(String worker) {
      return workers.contains(worker) || suspended.contains(worker) || leaving.contains(worker);
    }

    Object apply(Step step) {
      String worker = step.worker();
      switch (step.kind()) {
        case ADD -> workers.add(worker); // addWorkers
        case SUSPEND -> { // onNodeLifeline, closed
          if (workers.remove(worker)) {
            suspended.add(worker);
            hungry.remove(worker); // giveUp
            return true;
          }
          return false;
        }
        case RESUME -> { // onPull, onProgress, onNodeLifeline opened
          if (suspended.remove(worker)) {
            workers.add(worker);
            return true;
          }
          return false;
        }
        case LEAVE -> { // onReturn
          boolean first = workers.remove(worker) | suspended.remove(worker);
          if (first) {
            leaving.add(worker);
            hungry.remove(worker);
          }
          return first;
        }
        case LOSE -> { // loseWorker
          boolean active = workers.remove(worker);
          boolean wasLeaving = leaving.remove(worker);
          boolean wasSuspended = !active && suspended.remove(worker);
          if (!active && !wasSuspended && !wasLeaving) {
            return null;
          }
          if (active || wasLeaving) {
            hungry.remove(worker); // giveUp
          }
          return active ? Phase.ACTIVE : wasLeaving ? Phase.LEAVING : Phase.SUSPENDED;
        }
        case ASK -> { // onPull
          if (step.want() > 0 && workers.contains(worker)) {
            hungry.put(worker, step.want());
          }
        }
        case SERVE -> hungry.remove(worker); // serveHungry
        default -> throw new AssertionError(step);
      }
      return null;
    }

    List<Hungry<String>> hungry() {
      List<Hungry<String>> waiting = new ArrayList<>();
      hungry.forEach((worker, want) -> waiting.add(new Hungry<>(worker, want)));
      return waiting;
    }
  }
}

package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.WorkerPhases.Hungry;
import io.scatter.coordinator.WorkerPhases.Phase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class WorkerPhasesTest {

  private final WorkerPhases<String> workers = new WorkerPhases<>();

  private static Hungry<String> hungry(String worker, int want) {
    return new Hungry<>(worker, want);
  }

  @Test
  void add_newWorker_isActive() {
    workers.add("a");
    assertTrue(workers.isActive("a"));
    assertTrue(workers.isKnown("a"));
    assertEquals(Set.of("a"), workers.active());
    assertTrue(workers.hasActive());
  }

  @Test
  void add_knownWorker_throws() {
    workers.add("a");
    workers.suspend("a");
    assertThrows(IllegalStateException.class, () -> workers.add("a"));
  }

  @Test
  void hungry_isInTheOrderWorkersFirstAsked_askingAgainKeepsThePlace() {
    workers.add("a");
    workers.add("b");
    workers.add("c");
    workers.asked("b", 2);
    workers.asked("a", 1);
    workers.asked("c", 4);
    workers.asked("b", 5);
    assertEquals(List.of(hungry("b", 5), hungry("a", 1), hungry("c", 4)), workers.hungry());
  }

  @Test
  void served_worker_waitsNoMore_andAsksAgainAtTheEnd() {
    workers.add("a");
    workers.add("b");
    workers.asked("a", 1);
    workers.asked("b", 1);
    workers.served("a");
    assertEquals(List.of(hungry("b", 1)), workers.hungry());
    workers.asked("a", 3);
    assertEquals(List.of(hungry("b", 1), hungry("a", 3)), workers.hungry());
  }

  @Test
  void asked_nothingWantedOrWorkerNotActive_isIgnored() {
    workers.add("a");
    workers.add("b");
    workers.asked("a", 0);
    workers.suspend("b");
    workers.asked("b", 2);
    workers.asked("lost", 2);
    assertEquals(List.of(), workers.hungry());
  }

  @Test
  void asked_nothingWantedWhileHungry_keepsWhatItAskedBefore() {
    workers.add("a");
    workers.asked("a", 2);
    workers.asked("a", 0);
    assertEquals(List.of(hungry("a", 2)), workers.hungry());
  }

  @Test
  void suspend_activeWorker_isNotServedUntilResumed() {
    workers.add("a");
    workers.asked("a", 3);
    assertTrue(workers.suspend("a"));
    assertFalse(workers.isActive("a"));
    assertEquals(List.of("a"), workers.suspended());
    assertEquals(List.of(), workers.hungry(), "it forgot what it asked for");
    workers.asked("a", 1);
    assertEquals(List.of(), workers.hungry(), "a suspended worker waits for nothing");

    assertTrue(workers.resume("a"));
    assertTrue(workers.isActive("a"));
    assertEquals(List.of(), workers.hungry(), "hungry again only when it asks again");
    workers.asked("a", 1);
    assertEquals(List.of(hungry("a", 1)), workers.hungry());
  }

  @Test
  void suspend_workerNotActive_changesNothing() {
    workers.add("a");
    workers.leave("a");
    assertFalse(workers.suspend("a"));
    assertFalse(workers.suspend("unknown"));
    assertTrue(workers.isLeaving("a"));
    assertFalse(workers.isKnown("unknown"));
  }

  @Test
  void resume_workerNotSuspended_changesNothing() {
    workers.add("a");
    workers.add("b");
    workers.leave("b");
    assertFalse(workers.resume("a"));
    assertFalse(workers.resume("b"));
    assertFalse(workers.resume("unknown"));
    assertEquals(Set.of("a"), workers.active());
    assertTrue(workers.isLeaving("b"));
  }

  @Test
  void leave_hungryWorker_isGivenNothingMore() {
    workers.add("a");
    workers.asked("a", 2);
    assertTrue(workers.leave("a"));
    assertTrue(workers.isLeaving("a"));
    assertFalse(workers.hasActive());
    assertEquals(List.of(), workers.hungry());
    workers.asked("a", 2);
    assertEquals(List.of(), workers.hungry());
  }

  @Test
  void leave_suspendedWorker_isFirstOnlyOnce() {
    workers.add("a");
    workers.suspend("a");
    assertTrue(workers.leave("a"));
    assertFalse(workers.leave("a"), "a second hand-back of the same leaving");
    assertTrue(workers.isLeaving("a"));
    assertEquals(List.of(), workers.suspended());
  }

  @Test
  void leave_unknownWorker_staysUnknown() {
    assertFalse(workers.leave("lost"));
    assertFalse(workers.isKnown("lost"));
  }

  @Test
  void lose_anyPhase_forgetsTheWorkerAndSaysWhichPhaseItWasIn() {
    workers.add("a");
    workers.add("s");
    workers.add("l");
    workers.asked("a", 1);
    workers.suspend("s");
    workers.leave("l");
    assertEquals(Phase.ACTIVE, workers.lose("a"));
    assertEquals(Phase.SUSPENDED, workers.lose("s"));
    assertEquals(Phase.LEAVING, workers.lose("l"));
    assertEquals(List.of(), workers.known());
    assertEquals(List.of(), workers.hungry());
    assertFalse(workers.hasActive());
  }

  @Test
  void lose_unknownWorker_returnsNull() {
    workers.add("a");
    workers.lose("a");
    assertNull(workers.lose("a"));
  }

  @Test
  void add_lostWorker_isActiveAgain() {
    workers.add("a");
    workers.leave("a");
    workers.lose("a");
    workers.add("a");
    assertTrue(workers.isActive("a"));
  }

  @Test
  void active_isAReadOnlyViewThatFollowsTheTransitions() {
    Set<String> active = workers.active();
    workers.add("a");
    workers.add("b");
    assertEquals(Set.of("a", "b"), active);
    workers.suspend("a");
    assertEquals(Set.of("b"), active);
    assertThrows(UnsupportedOperationException.class, () -> active.remove("b"));
  }

  @Test
  void known_isACopy_soPhasesMayChangeWhileGoingThroughIt() {
    workers.add("a");
    workers.add("b");
    workers.add("c");
    workers.leave("c");
    for (String worker : workers.known()) {
      workers.lose(worker);
    }
    assertEquals(List.of(), workers.known());
  }
}

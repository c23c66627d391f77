package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.LongRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class KeptPartsTest {

  /** Concatenation shows exactly which parts were combined, and in which order. */
  private final KeptParts parts = new KeptParts(TestTasks.job("test-concat", Map.of(), new LongRange(0, 100), 1, 3).task());

  @Test
  void whole_unsplitPartition_isTheResultItself() {
    assertEquals("0-100;", parts.whole(0, 1, "0-100;"));
  }

  @Test
  void whole_restAfterASplit_isTheKeptPartThenTheRest() {
    parts.keep(0, 1, "0-30;", 2);
    assertEquals("0-30;30-100;", parts.whole(0, 2, "30-100;"));
    assertEquals("0-30;30-100;", parts.whole(0, 5, "30-100;"), "a retry or copy of the rest covers the rest");
  }

  @Test
  void whole_anOlderAttemptStillOut_coversTheWholePartition() {
    parts.keep(0, 3, "0-30;", 4);
    assertEquals("0-100;", parts.whole(0, 2, "0-100;"));
  }

  @Test
  void whole_splitTwice_eachAttemptGetsThePartBeforeItsOwnStart() {
    parts.keep(0, 1, "0-30;", 2);
    parts.keep(0, 2, "30-60;", 3); // the rest's own worker left too
    assertEquals("0-30;30-60;60-100;", parts.whole(0, 3, "60-100;"));
    assertEquals("0-30;30-100;", parts.whole(0, 2, "30-100;"), "attempt 2 covered [30, 100)");
    assertEquals("0-100;", parts.whole(0, 1, "0-100;"));
  }

  @Test
  void forget_dropsThePartsOfACompletedPartition() {
    parts.keep(0, 1, "0-30;", 2);
    parts.forget(0);
    assertEquals("x", parts.whole(0, 2, "x"));
  }
}

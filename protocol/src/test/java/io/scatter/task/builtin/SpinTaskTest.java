package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.task.TaskParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SpinTaskTest {

  private final SpinTask task = new SpinTask();

  @Test
  void compute_nsZero_returnsElementCount() {
    assertEquals(1_000L, task.compute(params("0"), -500, 500));
    assertEquals(0L, task.compute(params("0"), 9, 9));
  }

  @Test
  void compute_nsZeroOverFullRange_returnsUnsignedElementCount() {
    LongRange full = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);

    Long count = task.compute(params("0"), full.from(), full.to());

    assertEquals(full.size(), count);
    assertEquals(Long.toUnsignedString(full.size()), task.render(count));
  }

  @Test
  void compute_positiveNs_spinsAtLeastNsPerElement() {
    long nanos = 20_000;
    long elements = 50;
    long start = System.nanoTime();

    Long count = task.compute(params(Long.toString(nanos)), 0, elements);

    long elapsed = System.nanoTime() - start;
    assertEquals(elements, count);
    assertTrue(elapsed >= nanos * elements, "spun only " + elapsed + " ns");
  }

  @Test
  void validate_negativeNs_throwsNamingParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> task.validate(params("-1"), new LongRange(0, 10)));

    assertTrue(e.getMessage().contains("'ns'"), e.getMessage());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void validate_zeroNs_accepts() {
    assertDoesNotThrow(() -> task.validate(params("0"), new LongRange(0, 10)));
  }

  @Test
  void params_noneGiven_defaultNsIsValid() {
    TaskParams defaults = TaskParams.validate(task.name(), task.params(), Map.of());

    assertTrue(defaults.getLong(SpinTask.NANOS) >= 0);
    assertDoesNotThrow(() -> task.validate(defaults, new LongRange(0, 10)));
  }

  private TaskParams params(String nanos) {
    return TaskParams.validate(task.name(), task.params(), Map.of(SpinTask.NANOS, nanos));
  }
}

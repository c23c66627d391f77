package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import io.scatter.task.builtin.CollatzTask.Longest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CollatzTaskTest {

  private final CollatzTask task = new CollatzTask();
  private final TaskParams params = TaskParams.validate(task.name(), task.params(), Map.of());

  @Test
  void compute_belowOneMillionInPartitions_finds837799WithChainLength525() {
    RangePlan plan = RangePlan.byCount(new LongRange(1, 1_000_000), 8);

    Longest longest = Folds.parallelThenInIndexOrder(task, params, plan);

    assertEquals(new Longest(837_799, 525), longest);
    assertEquals("start 837799, chain length 525", task.render(longest));
  }

  @Test
  void chainLength_one_isOne() {
    assertEquals(1, CollatzTask.chainLength(1));
  }

  @Test
  void compute_emptyRange_returnsIdentity() {
    assertEquals(task.identity(), task.compute(params, 5, 5));
  }

  @Test
  void combine_equalLengths_prefersSmallerStartInEitherOrder() {
    Longest smaller = new Longest(3, 8);
    Longest larger = new Longest(6, 8);

    assertEquals(smaller, task.combine(smaller, larger));
    assertEquals(smaller, task.combine(larger, smaller));
  }

  @Test
  void combine_longerChain_winsOverSmallerStart() {
    Longest shortChain = new Longest(3, 8);
    Longest longChain = new Longest(9, 20);

    assertEquals(longChain, task.combine(shortChain, longChain));
    assertEquals(longChain, task.combine(longChain, shortChain));
  }

  @Test
  void compute_tiesInsideOnePartition_keepSmallerStart() {
    // Every start has some chain length; the winner must be the first start reaching the maximum.
    Longest longest = task.compute(params, 1, 1_000);
    for (long n = 1; n < longest.start(); n++) {
      assertTrue(CollatzTask.chainLength(n) < longest.length(), "start " + n + " ties or beats " + longest);
    }
    assertEquals(longest.length(), CollatzTask.chainLength(longest.start()));
  }

  @ParameterizedTest
  @CsvSource({"0, 10", "-5, 5", "-9223372036854775808, 1"})
  void validate_rangeWithNonPositiveNumbers_throwsNamingRange(long from, long to) {
    LongRange range = new LongRange(from, to);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.validate(params, range));

    assertTrue(e.getMessage().contains("positive"), e.getMessage());
    assertTrue(e.getMessage().contains(range.toString()), e.getMessage());
  }

  @Test
  void validate_positiveRange_accepts() {
    assertDoesNotThrow(() -> task.validate(params, new LongRange(1, Long.MAX_VALUE)));
  }

  @Test
  void compute_startNearMaxValue_throwsArithmeticException() {
    // Long.MAX_VALUE - 1 is even; half of it is odd, and 3n + 1 no longer fits in a long.
    assertThrows(ArithmeticException.class, () -> task.compute(params, Long.MAX_VALUE - 1, Long.MAX_VALUE));
  }

  @Test
  void chainLength_oddStartAboveOneThirdOfMaxValue_throwsArithmeticException() {
    long start = Long.MAX_VALUE / 3 + 1 | 1;

    assertThrows(ArithmeticException.class, () -> CollatzTask.chainLength(start));
  }
}

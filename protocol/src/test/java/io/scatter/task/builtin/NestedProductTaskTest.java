package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.Digests;
import io.scatter.task.TaskParams;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class NestedProductTaskTest {

  private final NestedProductTask task = new NestedProductTask();

  /** The seed notes' reference answers for cpu_bound(n). */
  @ParameterizedTest
  @CsvSource({
      "32, 3740bf6a245d87c9, 324809",
      "50, 230e8a7af76612c4, 1502289",
      "63, c64db8c9639acc6c, 3275295"})
  void compute_defaultRangeInPartitions_matchesSeedDigest(long n, String digest, int bits) {
    TaskParams params = params(n);
    LongRange range = task.defaultRange(params).orElseThrow();
    assertEquals(new LongRange(1, n), range);

    BigInteger result = Folds.parallelThenInIndexOrder(task, params, RangePlan.byCount(range, 16));

    assertEquals(digest, Digests.shortSha256(result));
    assertEquals(bits, result.bitLength());
    assertTrue(task.render(result).endsWith("sha256 " + digest), task.render(result));
    // cpu_bound(n) = product of i*j*k over [1, n)^3 = ((n - 1)!)^(3 (n - 1)^2)
    assertEquals(NestedProductProperties.factorial(n - 1).pow(Math.toIntExact(3 * (n - 1) * (n - 1))), result);
  }

  @Test
  void defaultRange_defaultN_isOneToFifty() {
    TaskParams defaults = TaskParams.validate(task.name(), task.params(), Map.of());

    assertEquals(50L, defaults.getLong(NestedProductTask.N));
    assertEquals(Optional.of(new LongRange(1, 50)), task.defaultRange(defaults));
  }

  @Test
  void defaultRange_nOne_isEmptyAndProductIsOne() {
    TaskParams params = params(1);
    LongRange range = task.defaultRange(params).orElseThrow();

    assertTrue(range.isEmpty());
    assertEquals(BigInteger.ONE, task.compute(params, range.from(), range.to()));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE, NestedProductTask.MAX_N + 1, Long.MAX_VALUE})
  void validate_nOutOfBounds_throwsNamingParameter(long n) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> task.validate(params(n), new LongRange(1, 2)));

    assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(n)), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 50, NestedProductTask.MAX_N})
  void validate_nWithinBounds_accepts(long n) {
    assertDoesNotThrow(() -> task.validate(params(n), new LongRange(1, n)));
  }

  @ParameterizedTest
  @CsvSource({"-1, 5", "0, 2097153", "2097152, 2097153"})
  void validate_rangeOutsideBounds_throwsNamingRange(long from, long to) {
    LongRange range = new LongRange(from, to);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.validate(params(50), range));

    assertTrue(e.getMessage().contains(range.toString()), e.getMessage());
  }

  @Test
  void validate_rangeUpToMaxN_accepts() {
    assertDoesNotThrow(() -> task.validate(params(50), new LongRange(0, NestedProductTask.MAX_N)));
  }

  private TaskParams params(long n) {
    return TaskParams.validate(task.name(), task.params(), Map.of(NestedProductTask.N, Long.toString(n)));
  }
}

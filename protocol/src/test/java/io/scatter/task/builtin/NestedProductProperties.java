package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import java.math.BigInteger;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;

final class NestedProductProperties {

  private final NestedProductTask task = new NestedProductTask();

  /**
   * Over {@code i in [from, to)} and {@code j, k in [1, n)} the product of {@code i*j*k} is
   * {@code (from * ... * (to-1))^((n-1)^2) * ((n-1)!)^(2 (n-1) (to-from))}.
   */
  @Property(tries = 300)
  void compute_anySubRange_matchesClosedForm(
      @ForAll @IntRange(min = 1, max = 14) int n, @ForAll @IntRange(min = 0, max = 20) int from,
      @ForAll @IntRange(min = 0, max = 12) int length) {
    int to = from + length;
    BigInteger outer = BigInteger.ONE;
    for (int i = from; i < to; i++) {
      outer = outer.multiply(BigInteger.valueOf(i));
    }
    BigInteger expected = outer.pow((n - 1) * (n - 1)).multiply(factorial(n - 1).pow(2 * (n - 1) * length));

    assertEquals(expected, task.compute(params(n), from, to));
  }

  @Property(tries = 100)
  void compute_rangeSplitIntoPartitions_equalsWholeRange(
      @ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0, max = 30) int length,
      @ForAll @IntRange(min = 1, max = 10) int partitions) {
    io.scatter.protocol.LongRange range = new io.scatter.protocol.LongRange(1, 1 + length);
    TaskParams params = params(n);

    assertEquals(task.compute(params, range.from(), range.to()),
        Folds.inIndexOrder(task, params, RangePlan.byCount(range, partitions)));
  }

  @Property
  void combine_anyThree_isAssociative(
      @ForAll @BigRange(min = "-1000000", max = "1000000") BigInteger a,
      @ForAll @BigRange(min = "-1000000", max = "1000000") BigInteger b,
      @ForAll @BigRange(min = "-1000000", max = "1000000") BigInteger c) {
    assertEquals(task.combine(task.combine(a, b), c), task.combine(a, task.combine(b, c)));
  }

  @Property
  void combine_withIdentity_isNeutral(@ForAll @BigRange(min = "-1000000", max = "1000000") BigInteger a) {
    assertEquals(a, task.combine(task.identity(), a));
    assertEquals(a, task.combine(a, task.identity()));
  }

  static BigInteger factorial(long n) {
    BigInteger result = BigInteger.ONE;
    for (long i = 2; i <= n; i++) {
      result = result.multiply(BigInteger.valueOf(i));
    }
    return result;
  }

  private TaskParams params(long n) {
    return TaskParams.validate(task.name(), task.params(), Map.of(NestedProductTask.N, Long.toString(n)));
  }
}

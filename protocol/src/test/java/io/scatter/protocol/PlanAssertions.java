package io.scatter.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * Checks that a {@link RangePlan} covers its range exactly. Small plans are checked partition by
 * partition; plans with billions of partitions are checked at a sample of indices (both ends, the
 * middle, random ones) together with their left neighbours. Expected values are computed with
 * {@link BigInteger}, independently of the plan's unsigned long arithmetic.
 */
final class PlanAssertions {

  /** Plans up to this many partitions are checked completely. */
  static final long CHECK_ALL_UP_TO = 2_000;
  private static final int RANDOM_SAMPLES = 32;
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private PlanAssertions() {
  }

  static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }

  /** The number of elements in {@code range}, exactly. */
  static BigInteger sizeOf(LongRange range) {
    return BigInteger.valueOf(range.to()).subtract(BigInteger.valueOf(range.from()));
  }

  /** Offset of {@code value} from the start of {@code range}, exactly. */
  static BigInteger offsetOf(LongRange range, long value) {
    return BigInteger.valueOf(value).subtract(BigInteger.valueOf(range.from()));
  }

  static BigInteger ceilDiv(BigInteger dividend, BigInteger divisor) {
    BigInteger[] qr = dividend.divideAndRemainder(divisor);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  static boolean fitsInLong(BigInteger value) {
    return value.compareTo(MAX_LONG) <= 0;
  }

  /** Every index of a small plan; for a large one both ends, the middle and random indices with their neighbours. */
  static long[] indicesToCheck(long count, SplittableRandom random) {
    if (count <= CHECK_ALL_UP_TO) {
      return LongStream.range(0, count).toArray();
    }
    TreeSet<Long> indices = new TreeSet<>();
    addWithNeighbours(indices, 0, count);
    addWithNeighbours(indices, count / 2, count);
    addWithNeighbours(indices, count - 1, count);
    for (int i = 0; i < RANDOM_SAMPLES; i++) {
      addWithNeighbours(indices, random.nextLong(count), count);
    }
    return indices.stream().mapToLong(Long::longValue).toArray();
  }

  private static void addWithNeighbours(TreeSet<Long> indices, long index, long count) {
    indices.add(index);
    if (index > 0) {
      indices.add(index - 1);
    }
    if (index < count - 1) {
      indices.add(index + 1);
    }
  }

  /**
   * Partition 0 starts at {@code from}, each partition starts where the previous one ends, the last
   * ends at {@code to}, none is empty or outside the range; an empty range has no partitions.
   */
  static void assertCoversExactly(RangePlan plan, SplittableRandom random) {
    LongRange range = plan.range();
    long count = plan.count();
    if (range.isEmpty()) {
      assertEquals(0, count, () -> "an empty range has no partitions: " + plan);
      return;
    }
    assertTrue(count > 0, () -> "a non-empty range has partitions: " + plan);
    BigInteger covered = BigInteger.ZERO;
    for (long index : indicesToCheck(count, random)) {
      LongRange partition = plan.partition(index);
      String where = "partition " + index + " of " + plan + " is " + partition;
      assertFalse(partition.isEmpty(), () -> where + ": empty");
      assertTrue(partition.from() >= range.from() && partition.to() <= range.to(), () -> where + ": outside the range");
      if (index == 0) {
        assertEquals(range.from(), partition.from(), () -> where + ": does not start the range");
      } else {
        assertEquals(plan.partition(index - 1).to(), partition.from(), () -> where + ": gap or overlap with its predecessor");
      }
      if (index == count - 1) {
        assertEquals(range.to(), partition.to(), () -> where + ": does not end the range");
      }
      covered = covered.add(sizeOf(partition));
    }
    if (count <= CHECK_ALL_UP_TO) {
      assertEquals(sizeOf(range), covered, () -> "partitions of " + plan + " add up to the range size");
    }
  }
}

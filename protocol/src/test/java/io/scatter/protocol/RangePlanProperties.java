package io.scatter.protocol;

import static io.scatter.protocol.PlanAssertions.assertCoversExactly;
import static io.scatter.protocol.PlanAssertions.ceilDiv;
import static io.scatter.protocol.PlanAssertions.fitsInLong;
import static io.scatter.protocol.PlanAssertions.indicesToCheck;
import static io.scatter.protocol.PlanAssertions.offsetOf;
import static io.scatter.protocol.PlanAssertions.sizeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Partitions cover any range exactly, for any count or size, including ranges at the ends of {@code long}. */
final class RangePlanProperties {

  @Property
  void byCount_anyRangeAndCount_coversRangeExactly(
      @ForAll("ranges") LongRange range, @ForAll("positives") long requested, @ForAll long seed) {
    assertCoversExactly(RangePlan.byCount(range, requested), new SplittableRandom(seed));
  }

  @Property
  void byCount_anyRangeAndCount_makesRequestedCountOrOnePerElement(
      @ForAll("ranges") LongRange range, @ForAll("positives") long requested) {
    BigInteger expected = sizeOf(range).min(BigInteger.valueOf(requested));

    assertEquals(expected, BigInteger.valueOf(RangePlan.byCount(range, requested).count()));
  }

  @Property
  void byCount_anyRangeAndCount_sizesDifferByAtMostOne(
      @ForAll("ranges") LongRange range, @ForAll("positives") long requested, @ForAll long seed) {
    RangePlan plan = RangePlan.byCount(range, requested);
    if (plan.count() == 0) {
      return;
    }
    BigInteger count = BigInteger.valueOf(plan.count());
    BigInteger small = sizeOf(range).divide(count);
    BigInteger large = small.add(BigInteger.ONE);
    for (long index : indicesToCheck(plan.count(), new SplittableRandom(seed))) {
      LongRange partition = plan.partition(index);
      BigInteger size = sizeOf(partition);
      assertTrue(size.equals(small) || size.equals(large),
          () -> "partition " + index + " of " + plan + " has " + size + " elements, expected " + small + " or " + large);
      // With every size in {small, large}, partition i can only start between i * small and i * large.
      BigInteger offset = offsetOf(range, partition.from());
      BigInteger i = BigInteger.valueOf(index);
      assertTrue(offset.compareTo(i.multiply(small)) >= 0 && offset.compareTo(i.multiply(large)) <= 0,
          () -> "partition " + index + " of " + plan + " starts at offset " + offset);
    }
  }

  @Property
  void bySize_anyRangeAndSize_acceptedExactlyWhenCountFitsInLong(
      @ForAll("ranges") LongRange range, @ForAll("positives") long size) {
    BigInteger needed = ceilDiv(sizeOf(range), BigInteger.valueOf(size));
    boolean fits = fitsInLong(needed);
    Statistics.label("fits").collect(fits);

    if (fits) {
      assertEquals(needed, BigInteger.valueOf(RangePlan.bySize(range, size).count()));
    } else {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RangePlan.bySize(range, size));
      assertTrue(e.getMessage().contains("more than " + Long.MAX_VALUE + " partitions"), e.getMessage());
    }
    Statistics.label("fits").coverage(checker -> {
      checker.check(true).count(c -> c > 0);
      checker.check(false).count(c -> c > 0);
    });
  }

  @Property
  void bySize_anyRangeAndSize_coversRangeExactly(
      @ForAll("ranges") LongRange range, @ForAll("positives") long size, @ForAll long seed) {
    if (!fitsInLong(ceilDiv(sizeOf(range), BigInteger.valueOf(size)))) {
      return;
    }
    assertCoversExactly(RangePlan.bySize(range, size), new SplittableRandom(seed));
  }

  @Property
  void bySize_anyRangeAndSize_allButLastHaveExactlySize(
      @ForAll("ranges") LongRange range, @ForAll("positives") long size, @ForAll long seed) {
    BigInteger total = sizeOf(range);
    BigInteger big = BigInteger.valueOf(size);
    if (!fitsInLong(ceilDiv(total, big))) {
      return;
    }
    RangePlan plan = RangePlan.bySize(range, size);
    for (long index : indicesToCheck(plan.count(), new SplittableRandom(seed))) {
      LongRange partition = plan.partition(index);
      BigInteger start = BigInteger.valueOf(index).multiply(big);
      BigInteger expectedSize = index == plan.count() - 1 ? total.subtract(start) : big;
      assertEquals(start, offsetOf(range, partition.from()), () -> "start of partition " + index + " of " + plan);
      assertEquals(expectedSize, sizeOf(partition), () -> "size of partition " + index + " of " + plan);
      assertTrue(expectedSize.signum() > 0 && expectedSize.compareTo(big) <= 0,
          () -> "last partition of " + plan + " has " + expectedSize + " elements");
    }
  }

  @Property
  void partition_indexOutsidePlan_throws(
      @ForAll("ranges") LongRange range, @ForAll("positives") long countOrSize, @ForAll boolean byCount,
      @ForAll long seed) {
    if (!byCount && !fitsInLong(ceilDiv(sizeOf(range), BigInteger.valueOf(countOrSize)))) {
      return;
    }
    RangePlan plan = byCount ? RangePlan.byCount(range, countOrSize) : RangePlan.bySize(range, countOrSize);
    long count = plan.count();
    SplittableRandom random = new SplittableRandom(seed);
    long beyond = count == Long.MAX_VALUE ? Long.MAX_VALUE : random.nextLong(count, Long.MAX_VALUE);
    long negative = random.nextLong(Long.MIN_VALUE, 0);

    for (long index : new long[] {-1, Long.MIN_VALUE, negative, count, beyond, Long.MAX_VALUE}) {
      if (index < 0 || index >= count) {
        assertThrows(IndexOutOfBoundsException.class, () -> plan.partition(index), () -> "index " + index + " of " + plan);
      }
    }
  }

  /**
   * Ranges of every shape: anywhere, empty, tiny (so that most counts exceed the element count),
   * touching {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}, and the full range.
   */
  @Provide
  Arbitrary<LongRange> ranges() {
    Arbitrary<Long> anyLong = Arbitraries.longs().withDistribution(RandomDistribution.uniform());
    Arbitrary<Long> tinyLength = Arbitraries.longs().between(0, 20);
    LongRange full = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);
    return Arbitraries.frequencyOf(
        Tuple.of(4, Combinators.combine(anyLong, anyLong).as((a, b) -> new LongRange(Math.min(a, b), Math.max(a, b)))),
        Tuple.of(1, anyLong.map(x -> new LongRange(x, x))),
        Tuple.of(2, Combinators.combine(anyLong, tinyLength).as(RangePlanProperties::tinyRange)),
        Tuple.of(1, tinyLength.map(length -> new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + length))),
        Tuple.of(1, tinyLength.map(length -> new LongRange(Long.MAX_VALUE - length, Long.MAX_VALUE))),
        Tuple.of(1, anyLong.map(to -> new LongRange(Long.MIN_VALUE, to))),
        Tuple.of(1, anyLong.map(from -> new LongRange(from, Long.MAX_VALUE))),
        Tuple.of(1, Arbitraries.just(full)));
  }

  /** Counts and sizes: small ones, any positive long, and powers of two and values near {@code Long.MAX_VALUE}. */
  @Provide
  Arbitrary<Long> positives() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(1, 20)),
        Tuple.of(3, Arbitraries.longs().between(1, Long.MAX_VALUE).withDistribution(RandomDistribution.uniform())),
        Tuple.of(1, Arbitraries.integers().between(0, 62).map(bits -> 1L << bits)),
        Tuple.of(1, Arbitraries.longs().between(0, 3).map(below -> Long.MAX_VALUE - below)));
  }

  private static LongRange tinyRange(long from, long length) {
    return from > Long.MAX_VALUE - length ? new LongRange(Long.MAX_VALUE - length, Long.MAX_VALUE) : new LongRange(from, from + length);
  }
}

package io.scatter.protocol;

import static io.scatter.protocol.PlanAssertions.assertCoversExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class RangePlanTest {

  private static final LongRange FULL = new LongRange(Long.MIN_VALUE, Long.MAX_VALUE);

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void byCount_nonPositiveCount_throwsNamingCount(long count) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RangePlan.byCount(new LongRange(0, 10), count));

    assertTrue(e.getMessage().contains("partition count must be positive"), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(count)), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void bySize_nonPositiveSize_throwsNamingSize(long size) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RangePlan.bySize(new LongRange(0, 10), size));

    assertTrue(e.getMessage().contains("partition size must be positive"), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void bySize_fullRangeNeedingMoreThanMaxValuePartitions_throws(long size) {
    // 2^64 - 1 elements: size 1 needs 2^64 - 1 partitions, size 2 needs 2^63; both exceed Long.MAX_VALUE.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RangePlan.bySize(FULL, size));

    assertTrue(e.getMessage().contains("more than " + Long.MAX_VALUE + " partitions"), e.getMessage());
  }

  @Test
  void bySize_fullRangeSizeThree_coversRangeWithoutOverflow() {
    RangePlan plan = RangePlan.bySize(FULL, 3);

    assertEquals(Long.divideUnsigned(-1L, 3), plan.count());
    assertEquals(new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 3), plan.partition(0));
    assertEquals(new LongRange(Long.MAX_VALUE - 3, Long.MAX_VALUE), plan.partition(plan.count() - 1));
    assertCoversExactly(plan, new SplittableRandom(1));
  }

  @Test
  void bySize_sizeMaxValueOverFullRange_makesThreePartitions() {
    RangePlan plan = RangePlan.bySize(FULL, Long.MAX_VALUE);

    assertEquals(3, plan.count());
    assertEquals(new LongRange(Long.MAX_VALUE - 1, Long.MAX_VALUE), plan.partition(2));
    assertCoversExactly(plan, new SplittableRandom(1));
  }

  @Test
  void byCount_fullRangeOnePartition_isWholeRange() {
    RangePlan plan = RangePlan.byCount(FULL, 1);

    assertEquals(1, plan.count());
    assertEquals(FULL, plan.partition(0));
  }

  @Test
  void byCount_fullRangeMaxValuePartitions_coversRangeWithSizesTwoAndThree() {
    // 2^64 - 1 = 2 * Long.MAX_VALUE + 1 elements: one partition of 3, the rest of 2.
    RangePlan plan = RangePlan.byCount(FULL, Long.MAX_VALUE);

    assertEquals(Long.MAX_VALUE, plan.count());
    assertEquals(new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 3), plan.partition(0));
    assertEquals(new LongRange(Long.MAX_VALUE - 2, Long.MAX_VALUE), plan.partition(Long.MAX_VALUE - 1));
    assertCoversExactly(plan, new SplittableRandom(2));
  }

  @Test
  void byCount_rangeNearMaxValue_hasNoGap() {
    RangePlan plan = RangePlan.byCount(new LongRange(Long.MAX_VALUE - 10, Long.MAX_VALUE), 3);

    assertEquals(List.of(
        new LongRange(Long.MAX_VALUE - 10, Long.MAX_VALUE - 6),
        new LongRange(Long.MAX_VALUE - 6, Long.MAX_VALUE - 3),
        new LongRange(Long.MAX_VALUE - 3, Long.MAX_VALUE)), partitions(plan));
  }

  @Test
  void bySize_rangeNearMinValue_hasNoGap() {
    RangePlan plan = RangePlan.bySize(new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 10), 4);

    assertEquals(List.of(
        new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 4),
        new LongRange(Long.MIN_VALUE + 4, Long.MIN_VALUE + 8),
        new LongRange(Long.MIN_VALUE + 8, Long.MIN_VALUE + 10)), partitions(plan));
  }

  @Test
  void byCount_moreThanElements_givesOnePartitionPerElement() {
    RangePlan plan = RangePlan.byCount(new LongRange(5, 8), 10);

    assertEquals(List.of(new LongRange(5, 6), new LongRange(6, 7), new LongRange(7, 8)), partitions(plan));
  }

  @Test
  void byCount_emptyRange_hasNoPartitions() {
    RangePlan plan = RangePlan.byCount(new LongRange(7, 7), 4);

    assertEquals(0, plan.count());
    assertThrows(IndexOutOfBoundsException.class, () -> plan.partition(0));
  }

  @Test
  void bySize_emptyRange_hasNoPartitions() {
    RangePlan plan = RangePlan.bySize(new LongRange(Long.MAX_VALUE, Long.MAX_VALUE), 1);

    assertEquals(0, plan.count());
    assertThrows(IndexOutOfBoundsException.class, () -> plan.partition(0));
  }

  @Test
  void partition_negativeIndex_throwsNamingIndex() {
    RangePlan plan = RangePlan.byCount(new LongRange(0, 100), 4);

    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> plan.partition(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void partition_indexEqualToCount_throws() {
    assertThrows(IndexOutOfBoundsException.class, () -> RangePlan.byCount(new LongRange(0, 100), 4).partition(4));
    assertThrows(IndexOutOfBoundsException.class, () -> RangePlan.bySize(new LongRange(0, 100), 30).partition(4));
  }

  @Test
  void split_intoCountAndBySize_planAsRangePlanDoes() {
    LongRange range = new LongRange(-3, 1_000);

    assertEquals(RangePlan.byCount(range, 7), new Split.IntoCount(7).plan(range));
    assertEquals(RangePlan.bySize(range, 7), new Split.BySize(7).plan(range));
  }

  private static List<LongRange> partitions(RangePlan plan) {
    List<LongRange> all = new ArrayList<>();
    for (long i = 0; i < plan.count(); i++) {
      all.add(plan.partition(i));
    }
    return all;
  }
}

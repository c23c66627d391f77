package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class SliceSizerTest {

  private static final long TARGET = 2_000_000; // 2 ms

  /** Feeds the sizer slices that take {@code nanosPerNumber} a number until it has settled; returns the last size. */
  private static long settle(SliceSizer sizer, double nanosPerNumber, int slices) {
    long size = 0;
    for (int i = 0; i < slices; i++) {
      size = sizer.next(Long.MAX_VALUE);
      sizer.record(size, (long) (size * nanosPerNumber));
    }
    return size;
  }

  @Test
  void next_unknownPace_startsWithOneNumber() {
    assertEquals(1, new SliceSizer(TARGET).next(1_000));
  }

  @Test
  void next_steadyPace_growsAtMostFourfoldPerSlice_thenFillsTheTarget() {
    SliceSizer sizer = new SliceSizer(TARGET);
    long last = 1;
    for (int i = 0; i < 8; i++) {
      long size = sizer.next(Long.MAX_VALUE);
      assertTrue(size <= last * SliceSizer.GROWTH, size + " after " + last);
      sizer.record(size, size * 100);
      last = size;
    }
    assertEquals(TARGET / 100, settle(sizer, 100, 20));
  }

  @Test
  void next_taskSlowsDown_shrinksAtOnce() {
    SliceSizer sizer = new SliceSizer(TARGET);
    settle(sizer, 10, 30);
    long size = sizer.next(Long.MAX_VALUE);
    sizer.record(size, size * 1_000); // a hundred times slower
    assertEquals(TARGET / 1_000, sizer.next(Long.MAX_VALUE));
  }

  @Test
  void next_neverExceedsWhatRemains_evenAboveLongMaxValueUnsigned() {
    SliceSizer sizer = new SliceSizer(TARGET);
    settle(sizer, 0.001, 60);
    assertEquals(7, sizer.next(7));
    long hugeUnsigned = -5; // 2^64 - 5 numbers remain
    long size = sizer.next(hugeUnsigned);
    assertTrue(size > 0 && size <= SliceSizer.MAX_SLICE, "size " + size);
  }

  @Test
  void next_instantSlices_stillGrowOnlyFourfold() {
    SliceSizer sizer = new SliceSizer(TARGET);
    sizer.record(1, 0); // too quick for the clock to see
    assertEquals(SliceSizer.GROWTH, sizer.next(Long.MAX_VALUE));
  }
}

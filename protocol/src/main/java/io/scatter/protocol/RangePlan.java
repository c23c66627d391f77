package io.scatter.protocol;

/**
 * How a {@link LongRange} is cut into partitions. A plan computes the range of partition
 * {@code i} on demand, so a job of ten million partitions costs two longs, not ten million objects.
 *
 * <p>Partitions cover the range exactly, in order, without gaps or overlap. All arithmetic is
 * done on unsigned offsets from {@code from}: an offset never exceeds the range size, which fits
 * in 64 unsigned bits, and adding it to {@code from} in two's complement lands inside the range.
 */
public sealed interface RangePlan {

  LongRange range();

  /** Number of partitions; zero for an empty range. */
  long count();

  /** The range of partition {@code index}, {@code 0 <= index < count()}. */
  LongRange partition(long index);

  /**
   * Splits into {@code requested} partitions whose sizes differ by at most one. Asking for more
   * partitions than there are elements yields one partition per element (never empty ones).
   */
  static RangePlan byCount(LongRange range, long requested) {
    if (requested <= 0) {
      throw new IllegalArgumentException("partition count must be positive, got " + requested);
    }
    return new ByCount(range, Long.compareUnsigned(requested, range.size()) > 0 ? range.size() : requested);
  }

  /** Splits into partitions of {@code size} elements; only the last may be shorter. */
  static RangePlan bySize(LongRange range, long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("partition size must be positive, got " + size);
    }
    BySize plan = new BySize(range, size);
    if (plan.count() < 0) {
      throw new IllegalArgumentException("partition size " + size + " cuts " + range + " into more than "
          + Long.MAX_VALUE + " partitions");
    }
    return plan;
  }

  record ByCount(LongRange range, long count) implements RangePlan {

    @Override
    public LongRange partition(long index) {
      checkIndex(index, count);
      long base = Long.divideUnsigned(range.size(), count);
      long remainder = Long.remainderUnsigned(range.size(), count);
      // The first `remainder` partitions get one extra element.
      return new LongRange(range.from() + offset(index, base, remainder), range.from() + offset(index + 1, base, remainder));
    }

    private static long offset(long index, long base, long remainder) {
      return index * base + Math.min(index, remainder);
    }
  }

  record BySize(LongRange range, long size) implements RangePlan {

    @Override
    public long count() {
      long whole = Long.divideUnsigned(range.size(), size);
      return Long.remainderUnsigned(range.size(), size) == 0 ? whole : whole + 1;
    }

    @Override
    public LongRange partition(long index) {
      checkIndex(index, count());
      long start = index * size;
      long end = Long.compareUnsigned(range.size() - start, size) <= 0 ? range.size() : start + size;
      return new LongRange(range.from() + start, range.from() + end);
    }
  }

  private static void checkIndex(long index, long count) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("partition " + index + " of " + count);
    }
  }
}

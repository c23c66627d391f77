package io.scatter.node;

/**
 * How many numbers the next slice of a job's partition takes, so that a slice lasts about
 * {@code target}: long enough that slicing costs nothing measurable (a clock reading and a combine
 * per slice), short enough that the worker stops, switches jobs or reports between two slices
 * within a few milliseconds, however large the partition. Pure: the caller measures each slice on
 * its own ticker and says how long it took.
 *
 * <p>The pace is learnt per job and carries over from one partition to the next, so a job of
 * small partitions runs each whole, in one slice, as before slicing existed. It follows a task
 * that slows down (primes cost more as numbers grow) at once, and one that speeds up at most
 * {@link #GROWTH} times per slice: the first slices of a job, and slices too short to time well,
 * must not be taken for a pace that turns the next slice into minutes.
 */
final class SliceSizer {

  /** The most the next slice grows over the last: from 1 number to a million in ten slices. */
  static final long GROWTH = 4;
  /** A slice never takes more numbers than this, so a pace misread as huge cannot overflow the cursor arithmetic. */
  static final long MAX_SLICE = 1L << 52;

  private final long targetNanos;
  /** Numbers per nanosecond measured so far; 0 until a slice has been timed. */
  private double pace;
  /** The size of the last slice timed: the next may be at most GROWTH times that. */
  private long lastSize;

  SliceSizer(long targetNanos) {
    if (targetNanos < 1) {
      throw new IllegalArgumentException("a slice must last at least 1 ns, got " + targetNanos);
    }
    this.targetNanos = targetNanos;
  }

  /**
   * The numbers the next slice takes: at least 1 and at most {@code remaining}.
   *
   * @param remaining the numbers of the partition not yet run, unsigned (a partition may hold up to 2^64 - 1)
   */
  long next(long remaining) {
    long size = pace == 0 ? 1 : (long) Math.max(1, Math.min(pace * targetNanos, (double) MAX_SLICE));
    size = Math.min(size, Math.max(1, lastSize) * GROWTH);
    return Long.compareUnsigned(size, remaining) > 0 ? remaining : size;
  }

  /** A slice of {@code size} numbers took {@code nanos}. */
  void record(long size, long nanos) {
    double measured = (double) size / Math.max(1, nanos);
    // Slower at once (the next slice must not overrun); faster by half the difference, so one
    // slice that raced through a cheap stretch does not double the next.
    pace = pace == 0 || measured < pace ? measured : (pace + measured) / 2;
    lastSize = size;
  }
}

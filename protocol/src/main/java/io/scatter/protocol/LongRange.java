package io.scatter.protocol;

/**
 * A half-open range {@code [from, to)} of longs.
 *
 * <p>The number of elements can exceed {@link Long#MAX_VALUE} (the range
 * {@code [Long.MIN_VALUE, Long.MAX_VALUE)} holds 2^64 - 1 of them), so {@link #size()} is an
 * <em>unsigned</em> long: compare it with {@link Long#compareUnsigned} and print it with
 * {@link Long#toUnsignedString}.
 */
public record LongRange(long from, long to) {

  public LongRange {
    if (to < from) {
      throw new IllegalArgumentException("range " + from + ".." + to + " is reversed: 'to' must not be below 'from'");
    }
  }

  /** Number of elements as an unsigned long; two's complement subtraction is exact here because to >= from. */
  public long size() {
    return to - from;
  }

  public boolean isEmpty() {
    return from == to;
  }

  /**
   * Parses {@code FROM..TO}; underscores are allowed as digit separators ({@code 0..50_000_000}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static LongRange parse(String text) {
    int dots = text.indexOf("..");
    if (dots < 0) {
      throw new IllegalArgumentException("range '" + text + "' is malformed: expected FROM..TO, for example 0..1000000");
    }
    long from = parseBound(text, text.substring(0, dots), "FROM");
    long to = parseBound(text, text.substring(dots + 2), "TO");
    if (to < from) {
      throw new IllegalArgumentException("range '" + text + "' is reversed: TO must not be below FROM");
    }
    return new LongRange(from, to);
  }

  private static long parseBound(String text, String bound, String which) {
    String digits = bound.strip().replace("_", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("range '" + text + "' is malformed: " + which + " '" + bound
          + "' is not a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ")";
  }
}

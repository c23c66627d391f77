package io.scatter.task.builtin;

import io.scatter.protocol.LongRange;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.util.List;

/** Finds the start in the range with the longest Collatz chain (ties go to the smaller start). */
public final class CollatzTask implements RangeTask<CollatzTask.Longest> {

  /**
   * The best start seen so far and its chain length, counted in terms: the chain of 1 is "1",
   * length 1. Length 0 marks the identity (nothing seen).
   */
  public record Longest(long start, int length) {
  }

  private static final Longest NOTHING = new Longest(0, 0);

  @Override
  public String name() {
    return "collatz";
  }

  @Override
  public String description() {
    return "the start with the longest Collatz chain in the range (range must start at 1 or above)";
  }

  @Override
  public void validate(TaskParams params, LongRange range) {
    if (!range.isEmpty() && range.from() < 1) {
      throw new IllegalArgumentException("task 'collatz' needs a range of positive numbers, got " + range);
    }
  }

  @Override
  public Longest identity() {
    return NOTHING;
  }

  @Override
  public Longest compute(TaskParams params, long from, long to) {
    Longest best = NOTHING;
    for (long n = from; n < to; n++) {
      int length = chainLength(n);
      if (length > best.length()) {
        best = new Longest(n, length);
      }
    }
    return best;
  }

  @Override
  public Longest combine(Longest left, Longest right) {
    if (right.length() > left.length() || (right.length() == left.length() && right.start() < left.start())) {
      return right;
    }
    return left;
  }

  @Override
  public String render(Longest result) {
    return result.length() == 0 ? "none (empty range)" : "start " + result.start() + ", chain length " + result.length();
  }

  @Override
  public List<Class<?>> resultTypes() {
    return List.of(Longest.class);
  }

  static int chainLength(long start) {
    long n = start;
    int length = 1;
    while (n != 1) {
      // 3n + 1 can leave the long range for starts near Long.MAX_VALUE; that is an error, not a wrap.
      n = (n & 1) == 0 ? n >>> 1 : Math.addExact(Math.multiplyExact(n, 3), 1);
      length++;
    }
    return length;
  }
}

package io.scatter.task.builtin;

import io.scatter.protocol.LongRange;
import io.scatter.task.Digests;
import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The seed notes' {@code cpu_bound(n)}, literally:
 * <pre>total = 1; for i, j, k in [1, n): total *= i * j * k</pre>
 * partitioned over the outer loop {@code i}. The answer is a huge {@link BigInteger}, shown as
 * its bit length and a short SHA-256.
 */
public final class NestedProductTask implements RangeTask<BigInteger> {

  static final String N = "n";
  /** (2^21 - 1)^3 < 2^63: below this bound i * j * k fits in a long. */
  static final long MAX_N = 1L << 21;
  private static final int MAX_PRINTED_DIGITS = 40;

  @Override
  public String name() {
    return "nested-product";
  }

  @Override
  public String description() {
    return "the seed notes' cpu_bound(n): product of i*j*k for i, j, k in [1, n), split over i (range defaults to 1..n)";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.optional(N, ParamSpec.Type.LONG, "50", "the loop bound n, 1 <= n <= " + MAX_N));
  }

  @Override
  public Optional<LongRange> defaultRange(TaskParams params) {
    return Optional.of(new LongRange(1, Math.max(1, params.getLong(N))));
  }

  @Override
  public void validate(TaskParams params, LongRange range) {
    long n = params.getLong(N);
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("parameter 'n' of task 'nested-product' must be between 1 and " + MAX_N + ", got " + n);
    }
    if (!range.isEmpty() && (range.from() < 0 || range.to() > MAX_N)) {
      throw new IllegalArgumentException("task 'nested-product' needs its range inside 0.." + MAX_N + ", got " + range);
    }
  }

  @Override
  public BigInteger identity() {
    return BigInteger.ONE;
  }

  @Override
  public BigInteger compute(TaskParams params, long from, long to) {
    long n = params.getLong(N);
    BigInteger total = BigInteger.ONE;
    for (long i = from; i < to; i++) {
      for (long j = 1; j < n; j++) {
        for (long k = 1; k < n; k++) {
          total = total.multiply(BigInteger.valueOf(i * j * k));
        }
      }
    }
    return total;
  }

  @Override
  public BigInteger combine(BigInteger left, BigInteger right) {
    return left.multiply(right);
  }

  /** The last multiplies of a job are the largest, and the pool's other threads are idle by then. */
  @Override
  public BigInteger combine(BigInteger left, BigInteger right, Executor spare) {
    return SplitMultiply.multiply(left, right, spare);
  }

  @Override
  public String render(BigInteger result) {
    return Digests.summarise(result, MAX_PRINTED_DIGITS);
  }
}

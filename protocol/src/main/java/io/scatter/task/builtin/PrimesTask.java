package io.scatter.task.builtin;

import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;

/** Counts the primes in the range with a deterministic Miller-Rabin test, valid for every long. */
public final class PrimesTask implements RangeTask<Long> {

  private static final long[] SMALL_PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  /** Bases 2, 7, 61 decide primality for every n below 4,759,123,141 (Jaeschke, 1993). */
  private static final long[] BASES_32 = {2, 7, 61};
  /** Jim Sinclair's seven bases decide primality for every n below 2^64. */
  private static final long[] BASES_64 = {2, 325, 9375, 28178, 450775, 9780504, 1795265022};
  private static final long TWO_TO_32 = 1L << 32;

  @Override
  public String name() {
    return "primes";
  }

  @Override
  public String description() {
    return "count the primes in the range (deterministic Miller-Rabin)";
  }

  @Override
  public Long identity() {
    return 0L;
  }

  @Override
  public Long compute(TaskParams params, long from, long to) {
    long count = 0;
    for (long n = from; n < to; n++) {
      if (isPrime(n)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public Long combine(Long left, Long right) {
    return left + right;
  }

  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    for (long p : SMALL_PRIMES) {
      if (n == p) {
        return true;
      }
      if (n % p == 0) {
        return false;
      }
    }
    if (n < 41 * 41) {
      return true;
    }
    return n < TWO_TO_32 ? passesMillerRabin(n, BASES_32, true) : passesMillerRabin(n, BASES_64, false);
  }

  private static boolean passesMillerRabin(long n, long[] bases, boolean small) {
    long d = n - 1;
    int s = Long.numberOfTrailingZeros(d);
    d >>= s;
    for (long base : bases) {
      long a = base % n;
      if (a == 0) {
        continue;
      }
      long x = powMod(a, d, n, small);
      if (x == 1 || x == n - 1) {
        continue;
      }
      boolean composite = true;
      for (int r = 1; r < s && composite; r++) {
        x = mulMod(x, x, n, small);
        composite = x != n - 1;
      }
      if (composite) {
        return false;
      }
    }
    return true;
  }

  private static long powMod(long base, long exponent, long m, boolean small) {
    long result = 1;
    long b = base;
    for (long e = exponent; e > 0; e >>= 1) {
      if ((e & 1) == 1) {
        result = mulMod(result, b, m, small);
      }
      b = mulMod(b, b, m, small);
    }
    return result;
  }

  /** a * b mod m for 0 <= a, b < m. Below 2^32 the product fits in 64 unsigned bits. */
  private static long mulMod(long a, long b, long m, boolean small) {
    if (small) {
      return Long.remainderUnsigned(a * b, m);
    }
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low % m;
    }
    return slowMulMod(a, b, m);
  }

  /** Shift-and-add: never overflows because every intermediate value stays below m < 2^63. */
  private static long slowMulMod(long a, long b, long m) {
    long result = 0;
    long addend = a;
    for (long bits = b; bits > 0; bits >>= 1) {
      if ((bits & 1) == 1) {
        result = addMod(result, addend, m);
      }
      addend = addMod(addend, addend, m);
    }
    return result;
  }

  private static long addMod(long a, long b, long m) {
    return a >= m - b ? a - (m - b) : a + b;
  }
}

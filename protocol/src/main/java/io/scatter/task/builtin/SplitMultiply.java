package io.scatter.task.builtin;

import java.math.BigInteger;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One product of two huge non-negative integers on two threads: Karatsuba's split at half the
 * bits, {@code a·b = hi·2^2h + (mid - hi - lo)·2^h + lo} with {@code hi = a1·b1}, {@code lo =
 * a0·b0} and {@code mid = (a0 + a1)(b0 + b1)}, the high product handed to a spare thread while
 * this one does the other two. Three half-size products cost about 1.1x one whole product in all,
 * and on two threads about 0.7x of its time. Java 17's {@code BigInteger} has no parallel multiply
 * (19 added {@code parallelMultiply}); a nested product's last multiply was 13 % of its work and
 * ran on one thread while the other had nothing left to do.
 */
final class SplitMultiply {

  /**
   * Below this many bits in the smaller operand one thread multiplies. A product of 2^19-bit numbers
   * takes about 10 ms, against which handing half of it to another thread (waking it, and waiting
   * for it on two busy cores) is small; at 2^17 bits (about a millisecond) the hand-off cost the
   * nested product of n = 32, a 10 ms job, a quarter of its speed.
   */
  static final int SPLIT_BITS = 1 << 19;

  private SplitMultiply() {
  }

  /** {@code a·b}; on two threads when both are large, non-negative and {@code spare} has a thread idle. */
  static BigInteger multiply(BigInteger a, BigInteger b, Executor spare) {
    if (Math.min(a.bitLength(), b.bitLength()) < SPLIT_BITS || a.signum() < 0 || b.signum() < 0) {
      return a.multiply(b);
    }
    int half = Math.max(a.bitLength(), b.bitLength()) / 2;
    BigInteger a1 = a.shiftRight(half);
    BigInteger b1 = b.shiftRight(half);
    Claimable high = new Claimable(a1, b1);
    try {
      spare.execute(high);
    } catch (RejectedExecutionException noThreadIdle) {
      return a.multiply(b);
    }
    BigInteger a0 = a.subtract(a1.shiftLeft(half));
    BigInteger b0 = b.subtract(b1.shiftLeft(half));
    BigInteger lo = a0.multiply(b0);
    BigInteger mid = a0.add(a1).multiply(b0.add(b1));
    BigInteger hi = high.join();
    return hi.shiftLeft(2 * half).add(mid.subtract(hi).subtract(lo).shiftLeft(half)).add(lo);
  }

  /**
   * The high product, run by whichever comes first: the spare thread, or the combine itself once it
   * is done with its own two (a spare thread that never starts, or starts late, costs no deadlock and
   * no wait).
   */
  private static final class Claimable implements Runnable {
    private final BigInteger left;
    private final BigInteger right;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Thread owner = Thread.currentThread();
    private volatile BigInteger product;
    /** Anything the spare thread's multiply threw, an Error too: the owner must not wait for a product that never comes. */
    private volatile Throwable failure;

    Claimable(BigInteger left, BigInteger right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      try {
        product = left.multiply(right);
      } catch (Throwable e) {
        failure = e; // the owner rethrows it
      } finally {
        LockSupport.unpark(owner);
      }
    }

    BigInteger join() {
      if (claimed.compareAndSet(false, true)) {
        return left.multiply(right);
      }
      while (product == null && failure == null) {
        LockSupport.park(this);
      }
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw (RuntimeException) failure; // multiply throws nothing checked
      }
      return product;
    }
  }
}

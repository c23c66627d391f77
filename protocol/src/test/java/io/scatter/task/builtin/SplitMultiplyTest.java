package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two-thread product equals {@code BigInteger.multiply} however its spare thread behaves. */
final class SplitMultiplyTest {

  private static final Random RANDOM = new Random(63);

  /** Operands above the split: the same size, one twice the other, odd bit lengths, zero low halves. */
  private static List<BigInteger[]> operands() {
    int bits = SplitMultiply.SPLIT_BITS;
    BigInteger powerOfTwo = BigInteger.ONE.shiftLeft(3 * bits);
    return List.of(
        new BigInteger[] {new BigInteger(bits * 3, RANDOM), new BigInteger(bits * 3, RANDOM)},
        new BigInteger[] {new BigInteger(bits * 4 + 1, RANDOM), new BigInteger(bits * 2 + 7, RANDOM)},
        new BigInteger[] {powerOfTwo, powerOfTwo.add(BigInteger.ONE)});
  }

  @Test
  void onASpareThread_theProductIsExact() throws Exception {
    ExecutorService spare = Executors.newSingleThreadExecutor();
    try {
      for (BigInteger[] pair : operands()) {
        assertEquals(pair[0].multiply(pair[1]), SplitMultiply.multiply(pair[0], pair[1], spare));
      }
    } finally {
      spare.shutdownNow();
      assertTrue(spare.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aSpareThreadThatNeverStarts_costsNoWait_theCombineRunsThatPartItself() {
    List<Runnable> neverRun = new ArrayList<>();
    for (BigInteger[] pair : operands()) {
      assertEquals(pair[0].multiply(pair[1]), SplitMultiply.multiply(pair[0], pair[1], neverRun::add));
    }
    assertEquals(3, neverRun.size(), "each product offered its high half");
    neverRun.forEach(Runnable::run); // started late, after the combine took it: does nothing, throws nothing
  }

  @Test
  void noThreadToSpare_orOperandsTooSmallOrNegative_oneThreadMultiplies() {
    List<Runnable> offered = new ArrayList<>();
    BigInteger[] large = operands().get(0);
    assertEquals(large[0].multiply(large[1]), SplitMultiply.multiply(large[0], large[1], part -> {
      throw new RejectedExecutionException("busy");
    }));
    BigInteger small = BigInteger.valueOf(62).pow(1000);
    assertEquals(small.multiply(large[0]), SplitMultiply.multiply(small, large[0], offered::add));
    assertEquals(large[0].negate().multiply(large[1]), SplitMultiply.multiply(large[0].negate(), large[1], offered::add));
    assertTrue(offered.isEmpty(), "nothing was split: " + offered.size());
  }
}

package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PrimesTaskTest {

  private static final int SIEVE_LIMIT = 2_000_000;
  private static final long TWO_TO_32 = 1L << 32;

  private final PrimesTask task = new PrimesTask();
  private final TaskParams params = TaskParams.validate(task.name(), task.params(), Map.of());

  @Test
  void compute_belowTen_countsFour() {
    assertEquals(4L, task.compute(params, 0, 10));
  }

  @Test
  void compute_belowHundred_counts25() {
    assertEquals(25L, task.compute(params, 0, 100));
  }

  @Test
  void compute_belowOneMillionInPartitions_counts78498() {
    RangePlan plan = RangePlan.byCount(new LongRange(0, 1_000_000), 7);

    assertEquals(78_498L, Folds.inIndexOrder(task, params, plan));
  }

  @Test
  void compute_negativeNumbersAndOne_countsNothing() {
    assertEquals(0L, task.compute(params, Long.MIN_VALUE, Long.MIN_VALUE + 1_000));
    assertEquals(0L, task.compute(params, -1_000, 2));
  }

  @Test
  void isPrime_everyNumberBelowTwoMillion_matchesSieve() {
    boolean[] composite = new boolean[SIEVE_LIMIT];
    composite[0] = true;
    composite[1] = true;
    for (int p = 2; (long) p * p < SIEVE_LIMIT; p++) {
      if (!composite[p]) {
        for (int multiple = p * p; multiple < SIEVE_LIMIT; multiple += p) {
          composite[multiple] = true;
        }
      }
    }
    for (int n = 0; n < SIEVE_LIMIT; n++) {
      if (PrimesTask.isPrime(n) == composite[n]) {
        throw new AssertionError("isPrime(" + n + ") = " + PrimesTask.isPrime(n) + " but the sieve says " + !composite[n]);
      }
    }
  }

  @Test
  void isPrime_documentedPrimeBelowMaxValue_isTrue() {
    assertTrue(PrimesTask.isPrime(9_223_372_036_854_775_783L));
  }

  @Test
  void isPrime_everyNumberJustBelowMaxValue_matchesBigInteger() {
    assertMatchesBigInteger(Long.MAX_VALUE - 5_000, Long.MAX_VALUE);
    assertEquals(PrimesTask.isPrime(Long.MAX_VALUE), BigInteger.valueOf(Long.MAX_VALUE).isProbablePrime(50));
  }

  @Test
  void isPrime_everyNumberAroundTwoTo32_matchesBigInteger() {
    // Below 2^32 the test uses three bases and 64-bit products; above it seven bases and overflow-safe products.
    assertMatchesBigInteger(TWO_TO_32 - 3_000, TWO_TO_32 + 3_000);
  }

  /**
   * Inputs known to fool weaker Miller-Rabin tests: Carmichael numbers, strong pseudoprimes to
   * several small bases (the first one for bases 2, 7, 61 lies just above 2^32), and squares of
   * primes near the square root of {@code Long.MAX_VALUE}. The expected answer comes from BigInteger.
   */
  @ParameterizedTest
  @ValueSource(longs = {
      561L, 1_105L, 1_729L, 2_047L, 1_373_653L, 25_326_001L, 3_215_031_751L, 4_759_123_141L,
      1_122_004_669_633L, 2_152_302_898_747L, 3_474_749_660_383L, 341_550_071_728_321L,
      3_825_123_056_546_413_051L})
  void isPrime_pseudoprimesToSmallBases_matchBigInteger(long n) {
    assertEquals(BigInteger.valueOf(n).isProbablePrime(50), PrimesTask.isPrime(n), () -> "isPrime(" + n + ")");
  }

  @Test
  void isPrime_squaresOfLargePrimes_areComposite() {
    BigInteger root = BigInteger.valueOf(Long.MAX_VALUE).sqrt();
    BigInteger largestBelowRoot = root;
    while (!largestBelowRoot.isProbablePrime(50)) {
      largestBelowRoot = largestBelowRoot.subtract(BigInteger.ONE);
    }
    List<BigInteger> primes = List.of(
        largestBelowRoot,
        root.subtract(BigInteger.valueOf(1_000)).nextProbablePrime(),
        BigInteger.valueOf(65_537).nextProbablePrime(),
        BigInteger.valueOf(65_537));
    for (BigInteger p : primes) {
      long square = p.multiply(p).longValueExact();
      assertEquals(false, PrimesTask.isPrime(square), () -> p + "^2 = " + square);
      assertTrue(PrimesTask.isPrime(p.longValueExact()), () -> p + " is prime");
    }
  }

  @Test
  void combine_identity_isNeutral() {
    assertEquals(7L, task.combine(task.identity(), 7L));
    assertEquals(7L, task.combine(7L, task.identity()));
  }

  private static void assertMatchesBigInteger(long fromInclusive, long toExclusive) {
    for (long n = fromInclusive; n < toExclusive; n++) {
      boolean expected = BigInteger.valueOf(n).isProbablePrime(50);
      if (PrimesTask.isPrime(n) != expected) {
        throw new AssertionError("isPrime(" + n + ") should be " + expected);
      }
    }
  }
}

package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import java.math.BigInteger;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

final class PrimesTaskProperties {

  private final PrimesTask task = new PrimesTask();
  private final TaskParams params = TaskParams.validate(task.name(), task.params(), Map.of());

  @Property(tries = 2_000)
  void isPrime_anyCandidate_matchesBigInteger(@ForAll("candidates") long n) {
    assertEquals(BigInteger.valueOf(n).isProbablePrime(50), PrimesTask.isPrime(n), () -> "isPrime(" + n + ")");
  }

  @Property(tries = 100)
  void compute_rangeSplitIntoPartitions_equalsWholeRange(
      @ForAll("ranges") LongRange range, @ForAll @IntRange(min = 1, max = 40) int partitions) {
    RangePlan plan = RangePlan.byCount(range, partitions);

    assertEquals(task.compute(params, range.from(), range.to()), Folds.inIndexOrder(task, params, plan));
  }

  /** Uniform longs (mostly composite), random primes of every bit length, products of two primes, values near the top. */
  @Provide
  Arbitrary<Long> candidates() {
    Arbitrary<Long> uniform = Arbitraries.longs().between(0, Long.MAX_VALUE).withDistribution(RandomDistribution.uniform());
    Arbitrary<Long> primes = Arbitraries.integers().between(2, 63)
        .flatMap(bits -> Arbitraries.randomValue(random -> BigInteger.probablePrime(bits, random).longValue()));
    Arbitrary<Long> semiprimes = Arbitraries.integers().between(2, 61)
        .flatMap(bits -> Arbitraries.randomValue(random -> BigInteger.probablePrime(bits, random)
            .multiply(BigInteger.probablePrime(Math.max(2, 62 - bits), random)).longValue()));
    Arbitrary<Long> nearTop = Arbitraries.longs().between(0, 1_000_000).map(below -> Long.MAX_VALUE - below);
    return Arbitraries.frequencyOf(
        Tuple.of(3, uniform), Tuple.of(3, primes), Tuple.of(2, semiprimes), Tuple.of(2, nearTop));
  }

  /** Short ranges among small numbers (crossing zero), around 2^32, and just below Long.MAX_VALUE. */
  @Provide
  Arbitrary<LongRange> ranges() {
    Arbitrary<Long> length = Arbitraries.longs().between(0, 2_000);
    Arbitrary<LongRange> small = Combinators.combine(Arbitraries.longs().between(-100, 2_000_000), length)
        .as((from, size) -> new LongRange(from, from + size));
    Arbitrary<LongRange> aroundTwoTo32 = Combinators.combine(Arbitraries.longs().between((1L << 32) - 3_000, 1L << 32), length)
        .as((from, size) -> new LongRange(from, from + size));
    Arbitrary<LongRange> top = length.map(size -> new LongRange(Long.MAX_VALUE - size, Long.MAX_VALUE));
    return Arbitraries.oneOf(small, aroundTwoTo32, top);
  }
}

package io.scatter.task.builtin;

import io.scatter.protocol.LongRange;
import io.scatter.task.BoundTask;
import io.scatter.task.TaskParams;
import io.scatter.task.TreeFold;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much of {@code cpu_bound(n)} ({@code compare --preset seeds}) is the combine, on one thread:
 * the partitions' compute (one per outer {@code i}, as the preset splits it) against the balanced-tree
 * combine of their partials that the coordinator runs ({@link TreeFold}, the same code), and of that
 * combine the last multiply alone, which no tree can spread over workers. The median of
 * {@value #ROUNDS} rounds each, after {@value #WARMUP} untimed ones.
 *
 * <p>Not a unit test (wall-clock figures depend on the machine's load): a {@code main}. Run from the
 * repository root:
 * <pre>
 * mvn -B -o -q -DskipTests -pl protocol -am test-compile
 * java -cp "protocol/target/classes:protocol/target/test-classes:$(cat /tmp/cp.txt)" \
 *   io.scatter.task.builtin.NestedProductCombineBenchmark 63 32
 * </pre>
 * ({@code /tmp/cp.txt} from {@code mvn -o -q -pl protocol dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}.)
 */
public final class NestedProductCombineBenchmark {

  private static final int ROUNDS = 5;
  private static final int WARMUP = 2;
  private static final double NANOS_PER_MS = 1e6;

  private NestedProductCombineBenchmark() {
  }

  public static void main(String[] args) {
    for (String arg : args.length == 0 ? new String[] {"63", "32"} : args) {
      measure(Long.parseLong(arg));
    }
  }

  private static void measure(long n) {
    NestedProductTask task = new NestedProductTask();
    BoundTask bound = new BoundTask(task, TaskParams.validate(task.name(), task.params(), Map.of("n", Long.toString(n))));
    long[] compute = new long[ROUNDS];
    long[] combine = new long[ROUNDS];
    long[] last = new long[ROUNDS];
    for (int round = -WARMUP; round < ROUNDS; round++) {
      long start = System.nanoTime();
      List<Object> partials = new ArrayList<>();
      for (long i = 1; i < n; i++) {
        partials.add(bound.compute(new LongRange(i, i + 1)));
      }
      long computed = System.nanoTime();
      TreeFold fold = new TreeFold(bound);
      partials.forEach(fold::push);
      Object result = fold.result();
      long combined = System.nanoTime();
      BigInteger[] halves = lastMultiply(partials);
      long lastStart = System.nanoTime();
      BigInteger product = halves[0].multiply(halves[1]);
      long lastEnd = System.nanoTime();
      if (!product.equals(result)) {
        throw new AssertionError("the halves' product differs from the fold's");
      }
      if (round >= 0) {
        compute[round] = computed - start;
        combine[round] = combined - computed;
        last[round] = lastEnd - lastStart;
      }
    }
    double computeMs = median(compute);
    double combineMs = median(combine);
    double lastMs = median(last);
    double total = computeMs + combineMs;
    // With w workers the compute and every combine below the root can spread; the root cannot.
    double bound2 = total / (lastMs + (total - lastMs) / 2);
    System.out.printf(Locale.ROOT, "n = %d: compute %.1f ms, combine %.1f ms (%.0f %% of one thread's %.1f ms), "
            + "last multiply %.1f ms (%.0f %%); best 2-worker speedup with the root multiply serial: %.2fx%n",
        n, computeMs, combineMs, 100 * combineMs / total, total, lastMs, 100 * lastMs / total, bound2);
  }

  /** The two operands of the tree's root: the product of the left half of the partials and of the right. */
  private static BigInteger[] lastMultiply(List<Object> partials) {
    int half = Integer.highestOneBit(partials.size() - 1);
    BigInteger left = BigInteger.ONE;
    BigInteger right = BigInteger.ONE;
    for (int i = 0; i < partials.size(); i++) {
      if (i < half) {
        left = left.multiply((BigInteger) partials.get(i));
      } else {
        right = right.multiply((BigInteger) partials.get(i));
      }
    }
    return new BigInteger[] {left, right};
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / NANOS_PER_MS;
  }
}

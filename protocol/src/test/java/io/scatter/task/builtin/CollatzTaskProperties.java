package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import io.scatter.task.builtin.CollatzTask.Longest;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

final class CollatzTaskProperties {

  private final CollatzTask task = new CollatzTask();
  private final TaskParams params = TaskParams.validate(task.name(), task.params(), Map.of());

  /** Together with chainLength(1) == 1 this defines the chain length, counted in terms. */
  @Property
  void chainLength_anyStartAboveOne_isOneMoreThanItsSuccessors(@ForAll @net.jqwik.api.constraints.LongRange(min = 2, max = 1_000_000_000) long n) {
    long next = n % 2 == 0 ? n / 2 : 3 * n + 1;

    assertEquals(CollatzTask.chainLength(next) + 1, CollatzTask.chainLength(n));
  }

  @Property(tries = 100)
  void compute_rangeSplitIntoPartitions_equalsWholeRange(
      @ForAll("ranges") LongRange range, @ForAll @IntRange(min = 1, max = 40) int partitions) {
    RangePlan plan = RangePlan.byCount(range, partitions);

    assertEquals(task.compute(params, range.from(), range.to()), Folds.inIndexOrder(task, params, plan));
  }

  @Property
  void combine_anyThree_isAssociative(@ForAll("longests") Longest a, @ForAll("longests") Longest b, @ForAll("longests") Longest c) {
    assertEquals(task.combine(task.combine(a, b), c), task.combine(a, task.combine(b, c)));
  }

  @Property
  void combine_withIdentity_isNeutral(@ForAll("longests") Longest a) {
    assertEquals(a, task.combine(task.identity(), a));
    assertEquals(a, task.combine(a, task.identity()));
  }

  /** Few distinct starts and lengths, so that ties are frequent; the identity now and then. */
  @Provide
  Arbitrary<Longest> longests() {
    Arbitrary<Longest> seen = Combinators.combine(Arbitraries.longs().between(1, 6), Arbitraries.integers().between(1, 4))
        .as(Longest::new);
    return Arbitraries.frequencyOf(Tuple.of(5, seen), Tuple.of(1, Arbitraries.just(task.identity())));
  }

  @Provide
  Arbitrary<LongRange> ranges() {
    return Combinators.combine(Arbitraries.longs().between(1, 1_000_000), Arbitraries.longs().between(0, 3_000))
        .as((from, size) -> new LongRange(from, from + size));
  }
}

package io.scatter.task.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.TaskParams;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

final class SpinTaskProperties {

  private final SpinTask task = new SpinTask();
  private final TaskParams noSpin = TaskParams.validate(task.name(), task.params(), Map.of(SpinTask.NANOS, "0"));

  /** Partition counts add up to the (unsigned) range size, even when it exceeds Long.MAX_VALUE. */
  @Property
  void compute_nsZeroSplitIntoPartitions_countsEveryElement(
      @ForAll long a, @ForAll long b, @ForAll @IntRange(min = 1, max = 64) int partitions) {
    LongRange range = new LongRange(Math.min(a, b), Math.max(a, b));

    assertEquals(range.size(), Folds.inIndexOrder(task, noSpin, RangePlan.byCount(range, partitions)));
  }
}

package io.scatter.task.builtin;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.RangePlan;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.util.List;
import java.util.stream.LongStream;

/** Runs a task the way the coordinator does: one partial per partition, combined in index order from the identity. */
final class Folds {

  private Folds() {
  }

  static <R> R inIndexOrder(RangeTask<R> task, TaskParams params, RangePlan plan) {
    R total = task.identity();
    for (long i = 0; i < plan.count(); i++) {
      LongRange partition = plan.partition(i);
      total = task.combine(total, task.compute(params, partition.from(), partition.to()));
    }
    return total;
  }

  /** Partials computed in parallel (as workers would), still combined strictly in index order. */
  static <R> R parallelThenInIndexOrder(RangeTask<R> task, TaskParams params, RangePlan plan) {
    List<R> partials = LongStream.range(0, plan.count()).parallel()
        .mapToObj(plan::partition)
        .map(partition -> task.compute(params, partition.from(), partition.to()))
        .toList();
    R total = task.identity();
    for (R partial : partials) {
      total = task.combine(total, partial);
    }
    return total;
  }
}

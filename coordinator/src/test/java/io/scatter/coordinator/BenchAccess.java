package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;

/**
 * What the JMH benchmarks ({@code io.scatter.bench}) need of this package's own classes: an
 * aggregator whose merges run on a combine pool, as a job coordinator's do in the actor modes.
 */
public final class BenchAccess {

  private BenchAccess() {
  }

  /** An aggregator and the pool its merges run on; close it when done. */
  public record PooledAggregator(ResultAggregator aggregator, AutoCloseable pool) { }

  /** @param threads the combine pool's width; 0 merges inline, on the accepting thread */
  public static PooledAggregator aggregator(BoundTask task, long partitions, int threads) {
    if (threads == 0) {
      return new PooledAggregator(new ResultAggregator(task, partitions), () -> { });
    }
    CombinePool pool = new CombinePool(threads);
    return new PooledAggregator(new ResultAggregator(task, partitions, pool, Ticker.system()), pool);
  }
}

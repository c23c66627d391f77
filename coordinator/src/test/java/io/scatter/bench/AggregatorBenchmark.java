package io.scatter.bench;

import io.scatter.coordinator.BenchAccess;
import io.scatter.coordinator.ResultAggregator;
import io.scatter.task.BoundTask;
import io.scatter.task.TaskRegistry;
import io.scatter.protocol.TaskRef;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Exactly-once aggregation per result: {@link ResultAggregator#accept} of a no-op partition's
 * {@code Long}, the answer folded as a balanced tree, time per result. {@code combine}: {@code
 * inline} merges on the accepting thread (sequential and threads mode before issue 25's part 5),
 * {@code pool} on a combine pool of 2 threads as the actor modes' coordinator does. {@code order}:
 * results in index order, or each batch of {@value #BATCH} arriving back to front (every result
 * but the batch's last waits for it). Run with {@code deploy/bench-jmh AggregatorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregatorBenchmark {

  private static final int BATCH = 340;
  /** Results per trial at most: every iteration's accepts fit, so the aggregator never completes. */
  private static final long PARTITIONS = 1L << 40;
  private static final int POOL_THREADS = 2;

  @Param({"inline", "pool"})
  public String combine;

  @Param({"ordered", "reversed"})
  public String order;

  private BenchAccess.PooledAggregator pooled;
  private ResultAggregator aggregator;
  private long next;
  private final Long one = 1L;

  @Setup(Level.Iteration)
  public void setUp() {
    BoundTask spin = TaskRegistry.load().bind(new TaskRef("spin", Map.of("ns", "0")));
    pooled = BenchAccess.aggregator(spin, PARTITIONS, combine.equals("pool") ? POOL_THREADS : 0);
    aggregator = pooled.aggregator();
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws Exception {
    pooled.pool().close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long accept() {
    boolean reversed = order.equals("reversed");
    for (int i = 0; i < BATCH; i++) {
      aggregator.accept(reversed ? next + BATCH - 1 - i : next + i, one);
    }
    next += BATCH;
    return aggregator.accepted();
  }
}

package io.scatter.bench;

import io.scatter.coordinator.Job;
import io.scatter.coordinator.PartitionLedger;
import io.scatter.protocol.Partition;
import io.scatter.task.TaskRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lease bookkeeping per partition: a worker is leased a batch of fresh partitions ({@link
 * PartitionLedger#lease}) and each one's result completes it ({@link PartitionLedger#completed}),
 * as a coordinator does for every pull; time per partition. {@code batch} is the size of one
 * assign: 1, the prefetch minimum for slow partitions, and what a worker asks for when partitions
 * are no-ops. Run with {@code deploy/bench-jmh LedgerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LedgerBenchmark {

  /** More partitions than any run leases, so the ledger never runs dry. */
  private static final long PARTITIONS = 1L << 40;
  private static final int BATCH = 340;

  @Param({"1", "20", "340"})
  public int batch;

  private PartitionLedger<String> ledger;
  private long now;

  @Setup
  public void setUp() {
    Job job = BenchJobs.spin(TaskRegistry.load(), PARTITIONS, 0);
    ledger = new PartitionLedger<>(job, index -> false, PartitionLedger.Speculation.OFF);
  }

  /** One batch leased and completed, per partition. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long leaseAndComplete() {
    long sum = 0;
    for (int done = 0; done < BATCH; done += batch) {
      List<Partition> granted = ledger.lease("worker-1", batch, now++, true);
      for (int i = 0; i < granted.size(); i++) {
        long index = granted.get(i).index();
        ledger.completed(index);
        sum += index;
      }
    }
    return sum;
  }
}

package io.scatter.bench;

import io.scatter.coordinator.ActorRunner;
import io.scatter.coordinator.JobRunner;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.node.ScatterConfig;
import io.scatter.task.TaskRegistry;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole jobs in one JVM, 2 workers: what every partition costs end to end (a worker's turn, the
 * pull and assign round trip, the ledger, the aggregator), time per partition. {@code noop}
 * runs {@value #NOOP_PARTITIONS} no-op partitions (the scheduling overhead alone); {@code oneMs}
 * runs {@value #MS_PARTITIONS} partitions of 1 ms of spinning, whose ideal is 0.5 ms a partition on
 * 2 workers (the efficiency is 0.5 ms over the figure). {@code mode}: plain threads against actors.
 * One invocation is one job. Run with {@code deploy/bench-jmh InProcessJobBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InProcessJobBenchmark {

  private static final int WORKERS = 2;
  private static final long NOOP_PARTITIONS = 1_000_000;
  private static final long MS_PARTITIONS = 2_000;
  private static final long ONE_MS = 1_000_000;

  @Param({"actors", "threads"})
  public String mode;

  private TaskRegistry registry;
  private JobRunner runner;

  @Setup
  public void setUp() {
    registry = TaskRegistry.load();
    if (mode.equals("actors")) {
      ActorRunner actors = new ActorRunner(ScatterConfig.load(), WORKERS, registry);
      actors.open();
      runner = actors;
    } else {
      LocalRunner threads = LocalRunner.threads(WORKERS);
      threads.open();
      runner = threads;
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    runner.close();
  }

  /** A job of no-op partitions; nanoseconds per partition. */
  @Benchmark
  @OperationsPerInvocation((int) NOOP_PARTITIONS)
  public RunResult noop() {
    return runner.run(BenchJobs.spin(registry, NOOP_PARTITIONS, 0), ProgressListener.NONE);
  }

  /** A job of 1 ms partitions; nanoseconds per partition, 500,000 at full efficiency on 2 workers. */
  @Benchmark
  @OperationsPerInvocation((int) MS_PARTITIONS)
  public RunResult oneMs() {
    return runner.run(BenchJobs.spin(registry, MS_PARTITIONS, ONE_MS), ProgressListener.NONE);
  }
}

package io.scatter.coordinator;

import io.scatter.node.PartitionExecutor;
import io.scatter.node.util.DaemonThreads;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The modes without actors: {@code sequential} runs every partition on the caller's thread;
 * {@code threads} runs them on a fixed {@link ExecutorService}, each pool thread taking the next
 * partition index from a shared counter. Results meet in one {@link ResultAggregator} under a lock.
 */
public final class LocalRunner implements JobRunner {

  private final ExecutionMode mode;
  private final int threads;

  private LocalRunner(ExecutionMode mode, int threads) {
    this.mode = mode;
    this.threads = threads;
  }

  public static LocalRunner sequential() {
    return new LocalRunner(ExecutionMode.SEQUENTIAL, 1);
  }

  public static LocalRunner threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + threads);
    }
    return new LocalRunner(ExecutionMode.THREADS, threads);
  }

  @Override
  public ExecutionMode mode() {
    return mode;
  }

  @Override
  public RunResult run(Job job, ProgressListener progress) {
    return Measurement.measure(mode, threads, job, () -> execute(job, progress));
  }

  private JobOutcome execute(Job job, ProgressListener progress) {
    SharedState state = new SharedState(job, progress, threads);
    if (mode == ExecutionMode.SEQUENTIAL) {
      state.drain();
      return state.outcome();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("scatter-pool"));
    try {
      List<Future<?>> loops = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        loops.add(pool.submit(state::drain));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state.fail("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      state.fail(PartitionExecutor.describe(e.getCause()));
    } finally {
      pool.shutdownNow();
    }
    return state.outcome();
  }

  /** What the pool threads share: the next index to take, the aggregator (under its lock) and the first failure. */
  private static final class SharedState {
    final Job job;
    final ProgressListener progress;
    final int threads;
    final AtomicLong nextIndex = new AtomicLong();
    final AtomicReference<String> failure = new AtomicReference<>();
    final ResultAggregator aggregator;
    final LatencyRecorder latency = new LatencyRecorder();
    long retries;

    SharedState(Job job, ProgressListener progress, int threads) {
      this.job = job;
      this.progress = progress;
      this.threads = threads;
      this.aggregator = new ResultAggregator(job.task(), job.partitionCount());
    }

    void drain() {
      long index;
      while (failure.get() == null && (index = nextIndex.getAndIncrement()) < job.partitionCount()) {
        runWithRetries(job.partition(index));
      }
    }

    private void runWithRetries(Partition first) {
      Partition partition = first;
      for (int failures = 0; ; ) {
        PartitionOutcome outcome = PartitionExecutor.run(job.task(), partition);
        if (outcome instanceof PartitionOutcome.Completed completed) {
          accept(completed);
          return;
        }
        failures++;
        if (failures >= job.maxAttempts()) {
          fail(JobFailure.describe(job, partition, failures, ((PartitionOutcome.Failed) outcome).error()));
          return;
        }
        partition = partition.nextAttempt();
        synchronized (this) {
          retries++;
          progress.onRetries(retries);
        }
      }
    }

    private synchronized void accept(PartitionOutcome.Completed completed) {
      aggregator.accept(completed.index(), completed.value());
      latency.recordNanos(completed.computeNanos());
      progress.onProgress(aggregator.accepted(), job.partitionCount());
    }

    void fail(String error) {
      failure.compareAndSet(null, error);
    }

    synchronized JobOutcome outcome() {
      JobStats stats = JobStats.local(job.partitionCount(), retries, latency.summary(), threads);
      String error = failure.get();
      return error == null ? new JobOutcome.Succeeded(aggregator.result(), stats) : new JobOutcome.Failed(error, stats);
    }
  }
}

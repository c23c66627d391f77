package io.scatter.coordinator;

import io.scatter.node.PartitionExecutor;
import io.scatter.node.util.DaemonThreads;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The modes without actors: {@code sequential} runs every partition on the caller's thread;
 * {@code threads} runs them on a fixed {@link ExecutorService}, each pool thread taking the next
 * partition index from a shared counter. Results meet in one {@link ResultAggregator} under a lock.
 *
 * <p>As a {@link JobBackend} (what the job service runs on) each job started gets a thread of its
 * own that runs it as {@link #run} would on the caller's: sequential on that thread, threads mode
 * on a pool of its own. Jobs started together therefore do not share workers by weight, as they do
 * in the actor modes; the service serves them all the same, and a cancel stops a job at its next
 * partition.
 */
public final class LocalRunner implements JobRunner, JobBackend {

  private final ExecutionMode mode;
  private final int threads;
  private final Ticker ticker;
  /** The jobs started and not yet ended, so a cancel can reach them. */
  private final Map<String, SharedState> running = new ConcurrentHashMap<>();
  private final ThreadFactory jobThreads = DaemonThreads.named("scatter-job");

  private LocalRunner(ExecutionMode mode, int threads, Ticker ticker) {
    this.mode = mode;
    this.threads = threads;
    this.ticker = ticker;
  }

  public static LocalRunner sequential() {
    return new LocalRunner(ExecutionMode.SEQUENTIAL, 1, Ticker.system());
  }

  public static LocalRunner threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + threads);
    }
    return new LocalRunner(ExecutionMode.THREADS, threads, Ticker.system());
  }

  @Override
  public ExecutionMode mode() {
    return mode;
  }

  @Override
  public RunResult run(Job job, ProgressListener progress) {
    return Measurement.measure(ticker, mode, threads, job, () -> execute(new SharedState(job, progress, threads, ticker)));
  }

  /** Nothing to start: a job's threads are made when it starts. */
  @Override
  public void open() {
  }

  @Override
  public CompletableFuture<JobOutcome> start(Job job, ProgressListener progress) {
    SharedState state = new SharedState(job, progress, threads, ticker);
    if (running.putIfAbsent(job.id(), state) != null) {
      // Ids are fresh per job (the service's JobIds); the same one twice is a caller's bug.
      throw new IllegalStateException("job " + job.id() + " is already running");
    }
    CompletableFuture<JobOutcome> done = new CompletableFuture<>();
    jobThreads.newThread(() -> {
      try {
        done.complete(execute(state));
      } catch (RuntimeException | Error e) {
        done.completeExceptionally(e);
      } finally {
        running.remove(job.id());
      }
    }).start();
    return done;
  }

  @Override
  public void cancel(String jobId) {
    SharedState state = running.get(jobId);
    if (state != null) {
      state.cancel();
    }
  }

  /** {@inheritDoc} One node, this JVM; its threads are no worker actors, so it lists no workers. */
  @Override
  public CompletableFuture<List<NodeReport>> nodes(Duration patience) {
    return CompletableFuture.completedFuture(List.of(new NodeReport(NodeReport.IN_PROCESS, Optional.empty(),
        List.of(), "up", true, true, List.of())));
  }

  /** Cancels the jobs still running; their threads end at their next partition. */
  @Override
  public void close() {
    running.values().forEach(SharedState::cancel);
  }

  private JobOutcome execute(SharedState state) {
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
    final Ticker ticker;
    final AtomicLong nextIndex = new AtomicLong();
    final AtomicReference<String> failure = new AtomicReference<>();
    /** Set by a cancel: no partition starts after it, and the job ends as cancelled. */
    volatile boolean cancelled;
    final ResultAggregator aggregator;
    /** Where partials are combined: threads mode, a pool as wide as its own; sequential, the one thread. */
    private final CombinePool combinePool;
    final LatencyRecorder latency = new LatencyRecorder();
    final WorkTally work = new WorkTally();
    long retries;

    SharedState(Job job, ProgressListener progress, int threads, Ticker ticker) {
      this.job = job;
      this.progress = progress;
      this.threads = threads;
      this.ticker = ticker;
      this.combinePool = threads > 1 ? new CombinePool(threads) : null;
      this.aggregator = new ResultAggregator(job.task(), job.partitionCount(),
          combinePool == null ? CombinePool.INLINE : combinePool, ticker);
    }

    void drain() {
      long index;
      while (failure.get() == null && !cancelled && (index = nextIndex.getAndIncrement()) < job.partitionCount()) {
        runWithRetries(job.partition(index));
      }
    }

    private void runWithRetries(Partition first) {
      Partition partition = first;
      for (int failures = 0; ; ) {
        PartitionOutcome outcome = PartitionExecutor.run(job.task(), partition, ticker);
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
      // The thread is the worker here: a partition is accepted on the thread that computed it.
      work.accepted(NodeReport.IN_PROCESS, Thread.currentThread().getName(), completed.computeNanos());
      progress.onProgress(aggregator.accepted(), job.partitionCount());
    }

    void cancel() {
      cancelled = true;
    }

    void fail(String error) {
      failure.compareAndSet(null, error);
    }

    synchronized JobOutcome outcome() {
      try {
        String error = failure.get();
        if (error == null && cancelled && aggregator.accepted() < job.partitionCount()) {
          return new JobOutcome.Cancelled(aggregator.accepted(), stats());
        }
        if (error != null) {
          return new JobOutcome.Failed(error, stats());
        }
        // The answer first: its last merges count in the stats.
        Object answer = aggregator.result();
        return new JobOutcome.Succeeded(answer, stats());
      } finally {
        if (combinePool != null) {
          combinePool.close();
        }
      }
    }

    private JobStats stats() {
      return JobStats.local(job.partitionCount(), retries, latency.summary(), threads, work.shares(),
          aggregator.combineNanos());
    }
  }
}

package io.scatter.coordinator;

import io.scatter.node.util.DaemonThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads one job's partials are combined on ({@link ParallelTreeFold}): in threads mode as many
 * as the job has workers, so its combine is as wide as its compute and no wider; in the actor modes
 * as many as the coordinator JVM has cores (its job actor does not know how many workers will come
 * and go). Made on the first
 * merge (a job of one partition never starts a thread) and ended with the job. {@link #INLINE}
 * runs merges on the caller's thread: the sequential mode's, whose one thread does everything.
 */
final class CombinePool implements Executor, AutoCloseable {

  /** Every merge on the thread that pushed its last operand. */
  static final Executor INLINE = Runnable::run;

  private final int threads;
  private ExecutorService pool;

  CombinePool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("a combine pool needs at least 1 thread, got " + threads);
    }
    this.threads = threads;
  }

  @Override
  public synchronized void execute(Runnable merge) {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("scatter-combine"));
    }
    pool.execute(merge);
  }

  /** Ends the threads once their merges are done; call after the job's result was taken. */
  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}

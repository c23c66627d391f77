package io.scatter.coordinator;

import io.scatter.node.util.DaemonThreads;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where one job's partials are combined ({@link ParallelTreeFold}): at most {@code width} merges of
 * the job at once, in threads mode as many as the job has workers, so its combine is as wide as its
 * compute and no wider; in the actor modes as many as the coordinator JVM has cores (its job actor
 * does not know how many workers will come and go). The threads themselves are shared by every job
 * and kept a while when idle: a pool of its own per job started threads for every job, which cut a
 * service's jobs of ten no-op partitions from about 2,400 a second to 700. {@link #INLINE} runs
 * merges on the caller's thread: the sequential mode's, whose one thread does everything.
 */
final class CombinePool implements Executor, AutoCloseable {

  /** Every merge on the thread that pushed its last operand. */
  static final Executor INLINE = Runnable::run;

  /** How long a shared combine thread waits for more work before it ends. */
  private static final long IDLE_SECONDS = 30;

  /** Grows to what the jobs' widths ask together; each job's width bounds its own share. */
  private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
      TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.named("scatter-combine"));

  private final int width;
  private final Queue<Runnable> merges = new ArrayDeque<>();
  /** Shared threads running this job's merges now, at most {@link #width}. */
  private int running;

  CombinePool(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("a combine pool needs at least 1 thread, got " + width);
    }
    this.width = width;
  }

  @Override
  public void execute(Runnable merge) {
    hand(merge, false);
  }

  /**
   * This job's threads that are idle, for one large merge to hand part of itself to (see {@link
   * io.scatter.task.RangeTask#combine(Object, Object, Executor)}): refuses, with a {@link
   * RejectedExecutionException}, when all {@link #width} of them are taken, so a merge never waits
   * for a thread another merge holds.
   */
  Executor spare() {
    return part -> hand(part, true);
  }

  /**
   * Queues {@code merge} for this job's threads, starting one when fewer than {@link #width} run.
   *
   * @param onlyToAnIdleThread refuse it, with a {@link RejectedExecutionException}, rather than queue it behind busy threads
   */
  private void hand(Runnable merge, boolean onlyToAnIdleThread) {
    synchronized (this) {
      if (running >= width && onlyToAnIdleThread) {
        throw new RejectedExecutionException("every combine thread of the job is busy");
      }
      merges.add(merge);
      if (running >= width) {
        return; // one of this job's threads takes it when it is done with what it runs
      }
      running++;
    }
    THREADS.execute(this::drain);
  }

  /** Runs this job's merges until none waits. */
  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = merges.poll();
        if (next == null) {
          running--;
          return;
        }
      }
      boolean ran = false;
      try {
        next.run();
        ran = true;
      } catch (RuntimeException e) {
        ran = true; // a merge's own failure is its future's (CompletableFuture catches it): go on
      } finally {
        if (!ran) {
          synchronized (this) {
            running--; // an Error ends this thread; the next merge handed over starts another
          }
        }
      }
    }
  }

  /** Nothing to end: the threads are shared, and the merges queued still run (the job takes its result after). */
  @Override
  public void close() {
  }
}

package io.scatter.node;

import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.task.BoundTask;
import io.scatter.time.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Runs one partition attempt and turns whatever happens into an outcome; a task never kills its worker. */
public final class PartitionExecutor {

  /**
   * Longest error text a failed partition reports. A task's exception message can be any size (a
   * whole input echoed back); it goes to the coordinator, into retry logs and into the job's
   * one-line failure, so only its head is kept: enough to say what went wrong.
   */
  static final int MAX_ERROR_CHARS = 2_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PartitionExecutor() {
  }

  /**
   * Runs the task on this thread, and measures this thread's CPU time while it does. For the modes
   * without actors; a worker actor runs partitions in slices and reads the CPU time once per turn
   * ({@code WorkerJob}).
   */
  public static PartitionOutcome run(BoundTask task, Partition partition, Ticker ticker) {
    long cpuStart = threadCpuNanos();
    long start = ticker.read();
    try {
      Object value = task.compute(partition.range());
      return new PartitionOutcome.Completed(partition.index(), partition.attempt(), value, ticker.read() - start,
          cpuSince(cpuStart));
    } catch (StackOverflowError | Exception | LinkageError | AssertionError e) {
      return failed(partition, e);
    }
  }

  /**
   * Starts one partition attempt of a task that {@linkplain BoundTask#overlaps overlaps}; the
   * outcome arrives on whatever thread finishes the work, and is never an exceptional completion.
   * Its CPU time is not measured: the work runs on I/O threads the partition shares with others.
   */
  public static CompletionStage<PartitionOutcome> start(BoundTask task, Partition partition, Ticker ticker) {
    long start = ticker.read();
    CompletionStage<Object> value;
    try {
      value = task.computeAsync(partition.range());
    } catch (StackOverflowError | Exception | LinkageError | AssertionError e) {
      return CompletableFuture.completedFuture(failed(partition, e));
    }
    return value.handle((result, failure) -> failure == null
        ? new PartitionOutcome.Completed(partition.index(), partition.attempt(), result, ticker.read() - start)
        : failed(partition, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure));
  }

  /** CPU time of the current thread, or -1 where the JVM does not measure it. */
  static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** The CPU time since {@code cpuStart} (a {@link #threadCpuNanos} reading), or CPU_UNKNOWN. */
  static long cpuSince(long cpuStart) {
    long now = cpuStart < 0 ? -1 : threadCpuNanos();
    return now < 0 ? PartitionOutcome.Completed.CPU_UNKNOWN : Math.max(0, now - cpuStart);
  }

  static PartitionOutcome.Failed failed(Partition partition, Throwable e) {
    return new PartitionOutcome.Failed(partition.index(), partition.attempt(), describe(e));
  }

  /**
   * "ExceptionClass: message", the form errors take on the wire and in the final report; at most
   * {@link #MAX_ERROR_CHARS}, a longer one cut and saying by how much.
   */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    if (text.length() <= MAX_ERROR_CHARS) {
      return text;
    }
    // Room for the note below, which is under 40 characters; a pair of surrogates is never split.
    int keep = MAX_ERROR_CHARS - 40;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + String.format(Locale.ROOT, "... (%,d more characters)", text.length() - keep);
  }
}

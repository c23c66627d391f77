package io.scatter.node;

import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.task.BoundTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Runs one partition attempt and turns whatever happens into an outcome; a task never kills its worker. */
public final class PartitionExecutor {

  private PartitionExecutor() {
  }

  public static PartitionOutcome run(BoundTask task, Partition partition) {
    long start = System.nanoTime();
    try {
      Object value = task.compute(partition.range());
      return new PartitionOutcome.Completed(partition.index(), partition.attempt(), value, System.nanoTime() - start);
    } catch (StackOverflowError | Exception | LinkageError | AssertionError e) {
      return failed(partition, e);
    }
  }

  /**
   * Starts one partition attempt of a task that {@linkplain BoundTask#overlaps overlaps}; the
   * outcome arrives on whatever thread finishes the work, and is never an exceptional completion.
   */
  public static CompletionStage<PartitionOutcome> start(BoundTask task, Partition partition) {
    long start = System.nanoTime();
    CompletionStage<Object> value;
    try {
      value = task.computeAsync(partition.range());
    } catch (StackOverflowError | Exception | LinkageError | AssertionError e) {
      return CompletableFuture.completedFuture(failed(partition, e));
    }
    return value.handle((result, failure) -> failure == null
        ? new PartitionOutcome.Completed(partition.index(), partition.attempt(), result, System.nanoTime() - start)
        : failed(partition, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure));
  }

  static PartitionOutcome.Failed failed(Partition partition, Throwable e) {
    return new PartitionOutcome.Failed(partition.index(), partition.attempt(), describe(e));
  }

  /** "ExceptionClass: message", the form errors take on the wire and in the final report. */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}

package io.scatter.node;

import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.task.BoundTask;

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
      return new PartitionOutcome.Failed(partition.index(), partition.attempt(), describe(e));
    }
  }

  /** "ExceptionClass: message", the form errors take on the wire and in the final report. */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}

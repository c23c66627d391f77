package io.scatter.protocol;

/** What a worker reports for one partition attempt: a partial result or the reason it failed. */
public sealed interface PartitionOutcome {

  long index();

  int attempt();

  /** @param computeNanos time spent inside the task, excluding queueing and messaging */
  record Completed(long index, int attempt, Object value, long computeNanos) implements PartitionOutcome {
  }

  /** @param error the cause, as "ExceptionClass: message" (exceptions themselves never cross the wire) */
  record Failed(long index, int attempt, String error) implements PartitionOutcome {
  }
}

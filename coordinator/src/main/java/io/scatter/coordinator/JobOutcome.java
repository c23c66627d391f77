package io.scatter.coordinator;

/** How a job ended, as the coordinator reports it once. */
public sealed interface JobOutcome {

  JobStats stats();

  record Succeeded(Object value, JobStats stats) implements JobOutcome {
  }

  record Failed(String error, JobStats stats) implements JobOutcome {
  }

  /** Cancelled on request; {@code partitionsDone} partitions had completed by then (their results are dropped). */
  record Cancelled(long partitionsDone, JobStats stats) implements JobOutcome {
  }
}

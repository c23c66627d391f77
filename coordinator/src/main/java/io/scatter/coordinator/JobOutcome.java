package io.scatter.coordinator;

/** How a job ended, as the coordinator reports it once. */
public sealed interface JobOutcome {

  JobStats stats();

  /** The same outcome, its stats carrying {@code bytes} on the wire. */
  default JobOutcome withWireBytes(long bytes) {
    JobStats stats = stats().withWireBytes(bytes);
    if (this instanceof Succeeded succeeded) {
      return new Succeeded(succeeded.value(), stats);
    }
    if (this instanceof Failed failed) {
      return new Failed(failed.error(), stats);
    }
    return new Cancelled(((Cancelled) this).partitionsDone(), stats);
  }

  record Succeeded(Object value, JobStats stats) implements JobOutcome {
  }

  record Failed(String error, JobStats stats) implements JobOutcome {
  }

  /** Cancelled on request; {@code partitionsDone} partitions had completed by then (their results are dropped). */
  record Cancelled(long partitionsDone, JobStats stats) implements JobOutcome {
  }
}

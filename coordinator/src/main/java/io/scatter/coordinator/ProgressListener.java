package io.scatter.coordinator;

/**
 * Told how far a job has got. Called from the thread that aggregates results, so an
 * implementation must be cheap and thread-safe (the progress bar only stores two numbers).
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> { };

  void onProgress(long done, long total);

  /** Partitions dispatched again so far (failures, expired leases, lost workers); same thread rules. */
  default void onRetries(long retries) {
  }

  /** Results dropped so far because their partition already had one (speculation, re-dispatch); same thread rules. */
  default void onDuplicates(long duplicates) {
  }

  /**
   * Results accepted (each the first for its partition), a worker's message at a time, before the
   * job's end is reported; what a journal keeps. Same thread rules: an implementation hands them on.
   */
  default void onAccepted(java.util.List<AcceptedResult> results) {
  }
}

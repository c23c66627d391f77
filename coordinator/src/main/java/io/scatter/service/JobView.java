package io.scatter.service;

import io.scatter.coordinator.JobStats;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as a client sees it at one moment: an immutable value the CLI prints and the HTTP API
 * writes as JSON.
 *
 * @param mode           where its partitions run ({@code cluster} for a coordinator's jobs, as {@code run --mode} names it)
 * @param partitionsDone partitions whose result has been accepted (for a cancelled job: how much had completed)
 * @param retries        dispatches beyond each partition's first so far; once it ended, its stats' count
 * @param answer         the rendered answer, once the job succeeded
 * @param error          why it failed, or that it was cancelled
 * @param stats          the job's own figures (messages, wire bytes, partitions, retries), once it ended
 * @param duplicates     results dropped so far because their partition already had one; once it ended, its stats' count
 */
public record JobView(String id, String task, String mode, JobStatus state, double weight, long partitionsDone,
    long partitions, long retries, Instant submitted, Optional<Instant> ended, Optional<String> answer, Optional<String> error,
    Optional<JobStats> stats, long duplicates) {

  /** A view whose duplicates are its stats' (none before it ended): a job kept by a journal, or a fake's. */
  public JobView(String id, String task, String mode, JobStatus state, double weight, long partitionsDone,
      long partitions, long retries, Instant submitted, Optional<Instant> ended, Optional<String> answer,
      Optional<String> error, Optional<JobStats> stats) {
    this(id, task, mode, state, weight, partitionsDone, partitions, retries, submitted, ended, answer, error, stats,
        stats.map(JobStats::duplicates).orElse(0L));
  }

  public boolean isEnded() {
    return state != JobStatus.RUNNING;
  }
}

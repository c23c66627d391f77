package io.scatter.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs many jobs at once: the actors pool ({@link ActorRunner}) and the cluster ({@link ClusterRunner})
 * without holding a thread per job, sharing their workers among the jobs by weight; the modes
 * without actors ({@link LocalRunner}) with a thread (and a pool, threads mode) of each job's own.
 * The job service is built on this, for every mode; {@link JobRunner#run} is the blocking form of
 * the same thing. Made for a mode by {@link JobBackends#create}.
 */
public interface JobBackend extends AutoCloseable {

  ExecutionMode mode();

  /**
   * Starts what jobs need (the actor system; cluster mode: joins and waits for the workers) now,
   * rather than on the first job, so a long-lived service fails at start, not at its first client.
   *
   * @throws IllegalStateException when that fails (cluster mode: saying which seeds and limit)
   */
  void open();

  /**
   * Starts the job and returns at once (cluster mode: after joining, on first use). The future
   * completes with the job's outcome, also when the backend stops under it (then as failed).
   *
   * @throws IllegalStateException when the backend cannot run jobs (cluster mode: no cluster to join)
   */
  CompletableFuture<JobOutcome> start(Job job, ProgressListener progress);

  /**
   * Asks the job's coordinator to end it as {@link JobOutcome.Cancelled}; its future then completes
   * with that. A job that has ended, or is unknown, is left alone.
   */
  void cancel(String jobId);

  /**
   * The nodes the jobs run on, their workers, and what each worker holds of the jobs running here
   * (asked of each job's coordinator). Completes within about {@code patience}: a coordinator that
   * has not answered by then is left out.
   *
   * @throws IllegalStateException when the backend cannot run jobs (cluster mode: no cluster to join)
   */
  CompletableFuture<List<NodeReport>> nodes(Duration patience);

  /**
   * Why the backend cannot run jobs now, if it cannot (cluster mode: the cluster removed this
   * coordinator and it is rejoining); empty while it can. What {@code GET /health} reports.
   */
  default Optional<String> trouble() {
    return Optional.empty();
  }

  /** What the backend has counted so far (cluster events, wire traffic), for the metrics; read from any thread. */
  default BackendCounts counts() {
    return BackendCounts.NONE;
  }

  @Override
  void close();
}

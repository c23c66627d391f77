package io.scatter.service;

import io.scatter.coordinator.NodeReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Runs jobs for many clients at once on one set of workers: the one layer that {@code run},
 * {@code compare}, the HTTP API ({@code scatter coordinator}) and the tests all call, so none of
 * them can build or run a job the others cannot. Jobs share the workers by weight; ids are never
 * reused over the service's life; finished jobs are kept (the last few, configured) with their results.
 *
 * <p>The implementation is {@link RunnerJobService}: {@code RunnerJobService.open(new ActorRunner(...)
 * or new ClusterRunner(...), config, TaskRegistry.load())}, or over any mode's backend from
 * {@code JobBackends.create}; {@link TimedRun} runs one job through it to its end, timed, as
 * {@code run} and {@code compare} do. Every method may be called from any thread.
 */
public interface JobService extends AutoCloseable {

  /**
   * Validates the request and starts the job at once (it shares the workers with those running).
   *
   * @throws JobRequestException naming the field that is wrong; nothing was started
   */
  JobHandle submit(JobRequest request);

  /** The job as it is now, if the service knows it (running, or among the finished ones kept). */
  Optional<JobView> get(String id);

  /**
   * Completes with the job's final view once it has ended (at once if it has); empty if the service
   * does not know the id. What a client that waits for a job's end holds instead of asking again and again.
   */
  Optional<CompletionStage<JobView>> whenEnded(String id);

  /** Known jobs, newest first, at most {@code limit}. */
  List<JobView> list(int limit);

  /**
   * Cancels a running job: its queued partitions are dropped on every worker, which are then free
   * for the other jobs. Cancelling a finished job changes nothing.
   *
   * @return the job as it is after the request, or empty if the service does not know the id
   */
  Optional<JobView> cancel(String id);

  /**
   * The nodes of the cluster (in-process: the one local node), this service's own coordinator
   * included, with their workers and, for each worker, the jobs of this service it serves and how
   * many of their partitions are leased to it now (dispatched, result not yet in). Jobs that other
   * coordinators run on the same workers are theirs to report.
   *
   * @throws IllegalStateException when the service is closed or its coordinator does not answer
   */
  List<NodeReport> nodes();

  /** Why the service cannot run jobs now, if it cannot; empty while it can (see {@code JobBackend.trouble}). */
  default Optional<String> trouble() {
    return Optional.empty();
  }

  /** What the service has counted since it started (jobs started and ended, its backend's events), for the metrics. */
  default ServiceCounts counts() {
    return ServiceCounts.NONE;
  }

  /** Cancels every running job and releases what the service holds (actor systems, cluster membership). */
  @Override
  void close();
}

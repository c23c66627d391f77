package io.scatter.service;

import java.util.List;
import java.util.Optional;

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

  /** Known jobs, newest first, at most {@code limit}. */
  List<JobView> list(int limit);

  /**
   * Cancels a running job: its queued partitions are dropped on every worker, which are then free
   * for the other jobs. Cancelling a finished job changes nothing.
   *
   * @return the job as it is after the request, or empty if the service does not know the id
   */
  Optional<JobView> cancel(String id);

  /** Cancels every running job and releases what the service holds (actor systems, cluster membership). */
  @Override
  void close();
}

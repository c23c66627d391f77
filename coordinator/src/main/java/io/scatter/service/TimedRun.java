package io.scatter.service;

import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.Measurement;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One job through the job service to its end, timed as {@code run} and {@code compare} report it
 * (wall, CPU, the answer's value): the blocking form those commands, the presets and the tests use,
 * so they run jobs exactly as the HTTP API does.
 */
public final class TimedRun {

  private TimedRun() {
  }

  /**
   * @param job     prepared with the service's rules ({@link JobRequests#prepare}); it runs under the service's id
   * @param workers the threads or worker actors of an in-process mode, shown with the result; cluster
   *                mode counts the workers that took part instead
   * @throws JobFailedException    when the job failed, or was cancelled (Ctrl-C on {@code run})
   * @throws IllegalStateException when it could not start, or the thread was interrupted while it ran
   */
  public static RunResult run(RunnerJobService service, Job job, ProgressListener progress, int workers) {
    return timed(service, workers, () -> service.submit(job, progress));
  }

  /**
   * As above, for a job the service prepares from its request and journals, when it keeps a journal
   * ({@link RunnerJobService#submitRequest}): what {@code run --journal} runs.
   *
   * @throws JobRequestException naming the field that is wrong; nothing was started
   */
  public static RunResult run(RunnerJobService service, JobRequest request, ProgressListener progress, int workers) {
    return timed(service, workers, () -> service.submitRequest(request, progress));
  }

  /**
   * Waits for a job the service resumed from its journal when it started ({@link RunnerJobService#resumed()}),
   * timed from this call: the wall time is this run's, the kept partitions' time is not counted again.
   */
  public static RunResult await(RunnerJobService service, RunnerJobService.Resumed resumed, ProgressListener progress,
      int workers) {
    resumed.follow(progress);
    return timed(service, workers, resumed::submitted);
  }

  private static RunResult timed(RunnerJobService service, int workers, Supplier<RunnerJobService.Submitted> submit) {
    ExecutionMode mode = service.mode();
    boolean cluster = mode == ExecutionMode.CLUSTER;
    // The job's wire bytes come with its stats: its own, however many jobs share the JVM (WireMeters).
    JobHandle[] handle = new JobHandle[1];
    RunResult result = Measurement.measureEnded(service.ticker(), mode, cluster ? null : workers, () -> {
      RunnerJobService.Submitted submitted = submit.get();
      handle[0] = submitted.handle();
      return new Measurement.Ended(submitted.job(), await(submitted.outcome()));
    });
    // Untimed, but before returning: whoever asks the service next sees the job ended, not running.
    handle[0].done().toCompletableFuture().join();
    return result;
  }

  private static JobOutcome await(CompletableFuture<JobOutcome> outcome) {
    try {
      return outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the job", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException refused ? refused
          : new IllegalStateException("the job's coordinator failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}

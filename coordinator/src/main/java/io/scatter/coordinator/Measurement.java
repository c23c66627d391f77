package io.scatter.coordinator;

import io.scatter.time.Ticker;
import java.util.function.Supplier;

/**
 * Times one run (wall and CPU) and turns its outcome into a result or a failure: the same for every
 * mode, whether the runner runs the job itself or the job service does ({@code TimedRun}).
 */
public final class Measurement {

  /** The job as it ran (under the id it ran with) and how it ended. */
  public record Ended(Job job, JobOutcome outcome) { }

  private Measurement() {
  }

  /**
   * @param ticker  the clock every part of the run reads, so its events and faults fall within its time
   * @param workers the worker count, or null to take the job's peak worker count (cluster mode)
   */
  static RunResult measure(Ticker ticker, ExecutionMode mode, Integer workers, Job job, Supplier<JobOutcome> run) {
    return measureEnded(ticker, mode, workers, () -> new Ended(job, run.get()));
  }

  /**
   * As above, for a run that names its job only once it has started it (the job service gives it its id).
   *
   * @throws JobFailedException when the job failed or was cancelled
   */
  public static RunResult measureEnded(Ticker ticker, ExecutionMode mode, Integer workers, Supplier<Ended> run) {
    long cpuBefore = CpuClock.processCpuNanos();
    long start = ticker.read();
    Ended ended = run.get();
    Job job = ended.job();
    JobOutcome outcome = ended.outcome();
    long wall = ticker.read() - start;
    JobStats stats = outcome.stats();
    // In a cluster the work happens in the nodes: their workers report it with each result.
    long cpu = mode == ExecutionMode.CLUSTER ? stats.workerCpuNanos()
        : cpuBefore < 0 ? -1 : CpuClock.processCpuNanos() - cpuBefore;
    if (outcome instanceof JobOutcome.Failed failed) {
      throw new JobFailedException(failed.error(), stats);
    }
    if (outcome instanceof JobOutcome.Cancelled cancelled) {
      throw new JobFailedException("job " + job.id() + " was cancelled; " + cancelled.partitionsDone() + " of "
          + job.partitionCount() + " partitions had finished", stats);
    }
    Object value = ((JobOutcome.Succeeded) outcome).value();
    return new RunResult(mode, workers != null ? workers : stats.peakWorkers(), value, job.task().render(value), wall,
        cpu, stats, start);
  }
}

package io.scatter.coordinator;

import io.scatter.node.Ticker;
import java.util.function.Supplier;

/** Times one run (wall and CPU) and turns its outcome into a result or a failure: the same for every mode. */
final class Measurement {

  private Measurement() {
  }

  /** Wall time comes from here: the clock every part of a run reads. */
  private static final Ticker WALL = Ticker.system();

  /** @param workers the worker count, or null to take the job's peak worker count (cluster mode) */
  static RunResult measure(ExecutionMode mode, Integer workers, Job job, Supplier<JobOutcome> run) {
    long cpuBefore = CpuClock.processCpuNanos();
    long start = WALL.read();
    JobOutcome outcome = run.get();
    long wall = WALL.read() - start;
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

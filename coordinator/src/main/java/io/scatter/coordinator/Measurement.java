package io.scatter.coordinator;

import java.util.function.Supplier;

/** Times one run (wall and CPU) and turns its outcome into a result or a failure: the same for every mode. */
final class Measurement {

  private Measurement() {
  }

  static RunResult measure(ExecutionMode mode, int workers, Job job, Supplier<JobOutcome> run) {
    long cpuBefore = CpuClock.processCpuNanos();
    long start = System.nanoTime();
    JobOutcome outcome = run.get();
    long wall = System.nanoTime() - start;
    long cpu = cpuBefore < 0 ? -1 : CpuClock.processCpuNanos() - cpuBefore;
    if (outcome instanceof JobOutcome.Failed failed) {
      throw new JobFailedException(failed.error(), failed.stats());
    }
    Object value = ((JobOutcome.Succeeded) outcome).value();
    return new RunResult(mode, workers, value, job.task().render(value), wall, cpu, outcome.stats());
  }
}

package io.scatter.coordinator;

/**
 * One mode's run of one job.
 *
 * @param workers  threads or worker actors that ran partitions
 * @param value    the combined answer
 * @param answer   the answer as the task renders it
 * @param cpuNanos CPU time: in one JVM, what this JVM used during the run (all threads); in a
 *                 cluster, what the workers' task threads used, as they reported it with their
 *                 results; -1 where not measured
 * @param startNanos the run's {@link io.scatter.time.Ticker#read()} when it started, to place events in time
 */
public record RunResult(ExecutionMode mode, int workers, Object value, String answer, long wallNanos, long cpuNanos,
    JobStats stats, long startNanos) {

  public double wallSeconds() {
    return wallNanos / 1e9;
  }

  public double cpuSeconds() {
    return cpuNanos / 1e9;
  }
}

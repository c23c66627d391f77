package io.scatter.cli;

import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.RunResult;

/**
 * One row of a report, in the units people read: what the table prints and the JSON holds.
 * {@code speedup} and {@code efficiency} are against the sequential run of the same comparison
 * (null when there is none).
 */
record RunRow(
    String mode,
    int workers,
    String answer,
    double wallSeconds,
    Double speedup,
    Double efficiency,
    Double cpuSeconds,
    double partitionsPerSecond,
    JobStats stats,
    String error) {

  static RunRow of(RunResult result, Double sequentialSeconds) {
    Double speedup = sequentialSeconds == null ? null : sequentialSeconds / result.wallSeconds();
    Double efficiency = speedup == null ? null : speedup / result.workers();
    return new RunRow(result.mode().label(), result.workers(), result.answer(), result.wallSeconds(), speedup,
        efficiency, result.cpuNanos() < 0 ? null : result.cpuSeconds(),
        result.stats().partitions() / Math.max(result.wallSeconds(), 1e-9), result.stats(), null);
  }

  static RunRow failed(String mode, int workers, JobStats stats, String error) {
    return new RunRow(mode, workers, null, 0, null, null, null, 0, stats, error);
  }
}

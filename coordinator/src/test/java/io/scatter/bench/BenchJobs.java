package io.scatter.bench;

import io.scatter.coordinator.Job;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The jobs the benchmarks run: {@code spin} partitions of one number each, no-op or of a given length. */
final class BenchJobs {

  /** Attempts per partition; the benchmarks never fail one. */
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration LEASE = Duration.ofMinutes(1);

  private BenchJobs() {
  }

  /** {@code partitions} partitions of one number each, each spinning {@code nanos} (0: a no-op). */
  static Job spin(TaskRegistry registry, long partitions, long nanos) {
    return Job.prepare(new JobSpec(new TaskRef("spin", Map.of("ns", Long.toString(nanos))),
        Optional.of(new LongRange(0, partitions)), new Split.IntoCount(partitions), MAX_ATTEMPTS, LEASE), registry);
  }
}

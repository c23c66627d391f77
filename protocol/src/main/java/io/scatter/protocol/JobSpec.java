package io.scatter.protocol;

import java.time.Duration;
import java.util.Optional;

/**
 * What to run and how to cut it, as the user asked for it: a task, an optional range (a task may
 * supply a default), a split, and the retry policy. The coordinator validates it into a job.
 *
 * @param maxAttempts  attempts per partition before the job fails (>= 1)
 * @param leaseTimeout how long a worker may hold a partition before it is dispatched again
 * @param speculation  whether idle workers may run copies of straggling partitions near the end
 */
public record JobSpec(TaskRef task, Optional<LongRange> range, Split split, int maxAttempts, Duration leaseTimeout,
    boolean speculation) {

  /** A spec with speculation on, the default. */
  public JobSpec(TaskRef task, Optional<LongRange> range, Split split, int maxAttempts, Duration leaseTimeout) {
    this(task, range, split, maxAttempts, leaseTimeout, true);
  }

  public JobSpec {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
    }
    if (leaseTimeout.isNegative() || leaseTimeout.isZero()) {
      throw new IllegalArgumentException("lease timeout must be positive, got " + leaseTimeout);
    }
  }
}

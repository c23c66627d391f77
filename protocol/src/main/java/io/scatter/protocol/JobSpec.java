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
 * @param weight       the job's share of the workers relative to other jobs running at once (default 1)
 */
public record JobSpec(TaskRef task, Optional<LongRange> range, Split split, int maxAttempts, Duration leaseTimeout,
    boolean speculation, double weight) {

  /** The weight a job has unless it asks for another: running jobs share the workers equally. */
  public static final double DEFAULT_WEIGHT = 1.0;

  /** A spec of the default weight. */
  public JobSpec(TaskRef task, Optional<LongRange> range, Split split, int maxAttempts, Duration leaseTimeout,
      boolean speculation) {
    this(task, range, split, maxAttempts, leaseTimeout, speculation, DEFAULT_WEIGHT);
  }

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
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a positive number, got " + weight);
    }
  }
}

package io.scatter.coordinator;

import java.util.List;

/**
 * Something the coordinator saw happen to a job's workers, stamped with {@link System#nanoTime()}
 * in the coordinator's JVM. A fault report lines these up against the faults injected.
 */
public sealed interface JobEvent {

  long atNanos();

  /** A worker stopped, or its node became unreachable; its partitions went back to the queue. */
  record WorkerLost(long atNanos, String worker, String reason, List<Long> requeued) implements JobEvent { }

  /** A worker was offered the job (at the start, or joining mid-job). */
  record WorkerAdded(long atNanos, String worker) implements JobEvent { }

  /** Leases ran out; these partitions went back to the queue. */
  record LeasesExpired(long atNanos, List<Long> requeued) implements JobEvent { }

  /** Partitions dispatched again (retries, expired or lost ones, speculative copies). */
  record Redispatched(long atNanos, String worker, List<Long> indices) implements JobEvent { }
}

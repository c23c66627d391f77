package io.scatter.protocol;

/** What a worker reports for one partition attempt: a partial result or the reason it failed. */
public sealed interface PartitionOutcome {

  long index();

  int attempt();

  /**
   * @param computeNanos time spent inside the task, excluding queueing and messaging
   * @param cpuNanos     CPU time of the thread that ran the task, for as long as it ran; {@link #CPU_UNKNOWN}
   *                     where it was not measured (the JVM cannot, or the task's work ran on other threads)
   */
  record Completed(long index, int attempt, Object value, long computeNanos, long cpuNanos) implements PartitionOutcome {

    public static final long CPU_UNKNOWN = -1;

    public Completed {
      if (cpuNanos < CPU_UNKNOWN) {
        throw new IllegalArgumentException("cpuNanos must be at least 0, or CPU_UNKNOWN, got " + cpuNanos);
      }
    }

    /** A result whose CPU time was not measured. */
    public Completed(long index, int attempt, Object value, long computeNanos) {
      this(index, attempt, value, computeNanos, CPU_UNKNOWN);
    }
  }

  /** @param error the cause, as "ExceptionClass: message" (exceptions themselves never cross the wire) */
  record Failed(long index, int attempt, String error) implements PartitionOutcome {
  }
}

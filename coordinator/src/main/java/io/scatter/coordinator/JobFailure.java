package io.scatter.coordinator;

import io.scatter.protocol.Partition;

/** The one sentence a failed job ends with, the same in every mode. */
public final class JobFailure {

  private JobFailure() {
  }

  public static String describe(Job job, Partition partition, int failures, String cause) {
    return "task '" + job.task().name() + "' failed on partition " + partition.index() + " " + partition.range()
        + " after " + failures + (failures == 1 ? " attempt: " : " attempts: ") + cause;
  }
}

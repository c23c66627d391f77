package io.scatter.coordinator;

import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.RangePlan;
import io.scatter.protocol.TaskRef;
import io.scatter.task.BoundTask;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A validated job: the task is found and its parameters checked, the range is known and the
 * partition plan is fixed. Every execution mode runs the same {@code Job}.
 */
public record Job(String id, BoundTask task, TaskRef taskRef, RangePlan plan, int maxAttempts, Duration leaseTimeout,
    boolean speculation, double weight, List<AcceptedResult> kept) {

  /**
   * @param kept results an earlier run of the job left in a journal: its coordinator accepts them
   *             before anything is dispatched and never computes those partitions again
   */
  public Job {
    kept = List.copyOf(kept);
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a positive number, got " + weight);
    }
  }

  /** @throws IllegalArgumentException naming what is wrong with the spec */
  public static Job prepare(JobSpec spec, TaskRegistry registry) {
    BoundTask task = registry.bind(spec.task());
    LongRange range = spec.range()
        .or(() -> task.task().defaultRange(task.params()))
        .orElseThrow(() -> new IllegalArgumentException("task '" + task.name() + "' needs a range: --range FROM..TO"));
    task.task().validate(task.params(), range);
    RangePlan plan = spec.split().plan(range);
    TaskRef ref = new TaskRef(task.name(), task.params().asStrings(), spec.task().jars());
    return new Job(newId(), task, ref, plan, spec.maxAttempts(), spec.leaseTimeout(), spec.speculation(),
        spec.weight(), List.of());
  }

  /** The same job under a fresh id, so a second run never mistakes the first run's messages for its own. */
  public Job rerun() {
    return new Job(newId(), task, taskRef, plan, maxAttempts, leaseTimeout, speculation, weight, List.of());
  }

  /**
   * The same job under the id a long-lived service gives it (see the service's JobIds): its actors
   * are named after it, so it must be unique among the jobs running on the same workers.
   */
  public Job withId(String id) {
    return new Job(id, task, taskRef, plan, maxAttempts, leaseTimeout, speculation, weight, kept);
  }

  /** The same job with another share of the workers (see {@link JobSpec#weight()}). */
  public Job withWeight(double weight) {
    return new Job(id, task, taskRef, plan, maxAttempts, leaseTimeout, speculation, weight, kept);
  }

  /** The same job, resumed: these partitions have their results already (see {@code kept}). */
  public Job resumedWith(List<AcceptedResult> results) {
    return new Job(id, task, taskRef, plan, maxAttempts, leaseTimeout, speculation, weight, results);
  }

  /**
   * What the job computes, as one line: task, parameters, range and partitions. A journal keeps it,
   * and a resume that would plan differently (another version's defaults) is refused, not trusted.
   */
  public String planLine() {
    // Sorted: the same parameters must give the same line whatever map carried them.
    // Jars only when there are some: a line journaled before tasks shipped code reads the same.
    return taskRef.name() + " " + new java.util.TreeMap<>(taskRef.params()) + " " + plan
        + (taskRef.shipsCode() ? " jars " + taskRef.jars() : "");
  }

  public long partitionCount() {
    return plan.count();
  }

  public Partition partition(long index) {
    return new Partition(id, index, 1, plan.partition(index));
  }

  private static String newId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}

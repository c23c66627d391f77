package io.scatter.coordinator;

import io.scatter.protocol.Partition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Who holds which partition, and what to dispatch next. The only scheduling state of a job:
 * fresh partitions are cut from the plan on demand, dispatched ones carry a lease, and partitions
 * to run again (failure, expired lease, lost worker) wait in a retry queue that is served first.
 *
 * <p>Time is passed in ({@code nowNanos}) so tests drive it by hand. Completion is owned by the
 * aggregator and seen here through {@code isCompleted}, so a partition finished by an older
 * attempt is never dispatched again. Not thread-safe: the coordinator actor owns it.
 *
 * @param <W> how a worker is identified (an actor ref in production, a string in tests)
 */
public final class PartitionLedger<W> {

  /** What to do after a partition attempt failed. */
  public sealed interface Verdict {
    /** The failure was for an attempt that no longer matters (already completed, or superseded). */
    record Ignored() implements Verdict { }

    record WillRetry(Partition next) implements Verdict { }

    /** The partition failed {@code failures} times: the job cannot finish. */
    record GiveUp(Partition partition, int failures, String lastError) implements Verdict { }
  }

  private record Lease<W>(Partition partition, W worker, long deadline, int failures) { }

  private record Pending<W>(Partition partition, W avoid, int failures) { }

  private final Job job;
  private final LongPredicate isCompleted;
  private final long leaseNanos;
  private final Map<Long, Lease<W>> leases = new HashMap<>();
  private final ArrayDeque<Pending<W>> retryQueue = new ArrayDeque<>();
  private long nextFresh;
  private long redispatched;

  public PartitionLedger(Job job, LongPredicate isCompleted) {
    this.job = job;
    this.isCompleted = isCompleted;
    this.leaseNanos = job.leaseTimeout().toNanos();
  }

  /**
   * Leases up to {@code max} partitions to {@code worker}, retries first. A retry is kept away
   * from the worker it failed on while {@code othersAvailable}.
   */
  public List<Partition> lease(W worker, int max, long nowNanos, boolean othersAvailable) {
    List<Partition> granted = new ArrayList<>(Math.min(max, 64));
    Iterator<Pending<W>> retries = retryQueue.iterator();
    while (granted.size() < max && retries.hasNext()) {
      Pending<W> pending = retries.next();
      if (isCompleted.test(pending.partition().index())) {
        retries.remove();
      } else if (!othersAvailable || !worker.equals(pending.avoid())) {
        retries.remove();
        grant(granted, pending.partition(), worker, nowNanos, pending.failures());
        redispatched++;
      }
    }
    while (granted.size() < max && nextFresh < job.partitionCount()) {
      grant(granted, job.partition(nextFresh++), worker, nowNanos, 0);
    }
    return granted;
  }

  private void grant(List<Partition> granted, Partition partition, W worker, long nowNanos, int failures) {
    leases.put(partition.index(), new Lease<>(partition, worker, nowNanos + leaseNanos, failures));
    granted.add(partition);
  }

  /** The partition has its result: forget its lease. */
  public void completed(long index) {
    leases.remove(index);
  }

  public Verdict failed(long index, int attempt, String error) {
    Lease<W> lease = leases.get(index);
    if (isCompleted.test(index) || lease == null || lease.partition().attempt() != attempt) {
      return new Verdict.Ignored();
    }
    leases.remove(index);
    int failures = lease.failures() + 1;
    if (failures >= job.maxAttempts()) {
      return new Verdict.GiveUp(lease.partition(), failures, error);
    }
    Partition next = lease.partition().nextAttempt();
    retryQueue.add(new Pending<>(next, lease.worker(), failures));
    return new Verdict.WillRetry(next);
  }

  /** Requeues every partition whose lease ran out; an expiry is not the task's fault, so it is not a failure. */
  public List<Partition> expire(long nowNanos) {
    return requeueWhere(lease -> nowNanos - lease.deadline() > 0);
  }

  /** Requeues every partition leased to a worker that is gone. */
  public List<Partition> workerLost(W worker) {
    return requeueWhere(lease -> lease.worker().equals(worker));
  }

  private List<Partition> requeueWhere(Predicate<Lease<W>> condition) {
    List<Partition> requeued = new ArrayList<>();
    Iterator<Lease<W>> it = leases.values().iterator();
    while (it.hasNext()) {
      Lease<W> lease = it.next();
      if (condition.test(lease)) {
        it.remove();
        Partition next = lease.partition().nextAttempt();
        retryQueue.add(new Pending<>(next, lease.worker(), lease.failures()));
        requeued.add(next);
      }
    }
    return requeued;
  }

  /** True while something could still be handed to a worker. */
  public boolean hasWork() {
    return nextFresh < job.partitionCount() || !retryQueue.isEmpty();
  }

  public int leased() {
    return leases.size();
  }

  /** Dispatches beyond the first attempt of each partition. */
  public long redispatched() {
    return redispatched;
  }
}

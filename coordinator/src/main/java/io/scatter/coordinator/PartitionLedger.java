package io.scatter.coordinator;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Who holds which partition, and what to dispatch next. The only scheduling state of a job:
 * fresh partitions are cut from the plan on demand, dispatched ones carry a lease, and partitions
 * to run again (failure, expired lease, lost worker) wait in a retry queue that is served first.
 * When nothing else is left, an idle worker may get a speculative copy of the partition that has
 * been out longest, so one straggler does not hold up the end of the job.
 *
 * <p>A partition index can have two leases at once (the original and one speculative copy). It
 * goes back to the retry queue only when its last lease is gone. Each dispatch of an index gets an
 * attempt number above every one given before, so an attempt names one dispatch and its range (the
 * rest of a partition handed back part-run covers less than the partition: {@link #returnedBegun}). Time is passed in
 * ({@code nowNanos}) so tests drive it by hand. Completion is owned by the aggregator and seen here
 * through {@code isCompleted}, so a partition finished by an older attempt is never dispatched again.
 * Not thread-safe: the coordinator actor owns it.
 *
 * @param <W> how a worker is identified (an actor ref in production, a string in tests)
 */
public final class PartitionLedger<W> {

  /** What to do after a partition attempt failed. */
  public sealed interface Verdict {
    /** Nothing to do: the partition is complete, the attempt is unknown, or another copy is still running. */
    record Ignored() implements Verdict { }

    record WillRetry(Partition next) implements Verdict { }

    /** The partition failed {@code failures} times: the job cannot finish. */
    record GiveUp(Partition partition, int failures, String lastError) implements Verdict { }
  }

  /**
   * When speculative copies are handed out.
   *
   * @param enabled     off: a straggler is only re-run when its lease expires or its worker is lost
   * @param minAgeNanos how long a partition must have been out to be copied; asked each time, so it
   *                    can follow the partition times measured so far
   */
  public record Speculation(boolean enabled, LongSupplier minAgeNanos) {
    public static final Speculation OFF = new Speculation(false, () -> Long.MAX_VALUE);

    public static Speculation after(long nanos) {
      return new Speculation(true, () -> nanos);
    }
  }

  /**
   * One dispatch of a partition. The first lease of an index is the map's value and a speculative
   * copy hangs off it ({@link #copy}): no list per index, since every partition passes here and
   * nearly all have one lease. Mutable (the deadline moves on renewal, copies are linked and
   * unlinked), owned by the ledger alone.
   */
  private static final class Lease<W> {
    final Partition partition;
    final W worker;
    final long startNanos;
    long deadline;
    /** The next lease of the same index, out at once with this one (a speculative copy), or null. */
    Lease<W> copy;

    Lease(Partition partition, W worker, long startNanos, long deadline) {
      this.partition = partition;
      this.worker = worker;
      this.startNanos = startNanos;
      this.deadline = deadline;
    }

    Partition partition() {
      return partition;
    }

    W worker() {
      return worker;
    }
  }

  /** A worker's lease count, counted in place: every grant and completion passes here, and an Integer above 127 is an object each. */
  private static final class Held {
    int count;
  }

  /** @param returned handed back unstarted by a leaving worker: dispatching it again is no retry */
  private record Pending<W>(Partition partition, W avoid, boolean returned) {
    Pending(Partition partition, W avoid) {
      this(partition, avoid, false);
    }
  }

  private final Job job;
  private final LongPredicate isCompleted;
  private final long leaseNanos;
  private final Speculation speculation;
  /**
   * The leases out, by partition index: a map keyed by the primitive index (Agrona's, which Artery
   * ships), since every partition passes through it twice and a boxed key and a map entry per
   * partition were a tenth of a no-op job's allocations (docs/benchmarks.md, LedgerBenchmark).
   */
  private final Long2ObjectHashMap<Lease<W>> leases = new Long2ObjectHashMap<>();
  /** How many leases each worker holds; a worker holding none has no entry. */
  private final Map<W, Held> held = new HashMap<>();
  private final Map<Long, Integer> failures = new HashMap<>();
  /** The highest attempt dispatched, for the indices dispatched more than once; the others had only attempt 1. */
  private final Map<Long, Integer> highestAttempt = new HashMap<>();
  private final ArrayDeque<Pending<W>> retryQueue = new ArrayDeque<>();
  private long nextFresh;
  private long redispatched;
  private long speculated;

  public PartitionLedger(Job job, LongPredicate isCompleted, Speculation speculation) {
    this.job = job;
    this.isCompleted = isCompleted;
    this.leaseNanos = job.leaseTimeout().toNanos();
    this.speculation = speculation;
  }

  /**
   * The most partitions {@code worker} should take now: while other {@code workers} hold nothing, what
   * waits plus what this worker holds is split evenly between it and them (rounded up), less what it
   * holds already; 0 when it has its share. Without it the first worker to ask takes both of the last
   * two partitions while another worker idles (a worker actor asks again as soon as it starts a
   * partition of a task that overlaps), which halves the speed of a job of few, long partitions: a
   * fetch job of one batch per worker ran 2x its limit instead of 1.05x. This splits one job among
   * its workers; how a worker splits itself among jobs is the node's {@code FairShare}.
   */
  public int evenShare(W worker, Collection<W> workers) {
    long waiting = retryQueue.size() + (job.partitionCount() - nextFresh);
    long idleOthers = workers.stream().filter(other -> !other.equals(worker) && !held.containsKey(other)).count();
    if (idleOthers == 0) {
      return (int) Math.min(Integer.MAX_VALUE, waiting);
    }
    Held holds = held.get(worker);
    long holding = holds == null ? 0 : holds.count;
    long share = (waiting + holding + idleOthers) / (1 + idleOthers) - holding;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, share));
  }

  /**
   * Leases up to {@code max} partitions to {@code worker}: retries first, then fresh ones, then (if
   * that found nothing) one speculative copy. A retry is kept away from the worker it failed on
   * while {@code othersAvailable}.
   */
  public List<Partition> lease(W worker, int max, long nowNanos, boolean othersAvailable) {
    // Sized for what can be granted: a no-op job's assigns carry hundreds, and growing the list copies it.
    long available = retryQueue.size() + (job.partitionCount() - nextFresh) + 1;
    List<Partition> granted = new ArrayList<>((int) Math.min(max, available));
    Iterator<Pending<W>> retries = retryQueue.iterator();
    while (granted.size() < max && retries.hasNext()) {
      Pending<W> pending = retries.next();
      if (isCompleted.test(pending.partition().index())) {
        retries.remove();
      } else if (!othersAvailable || !worker.equals(pending.avoid())) {
        retries.remove();
        grant(granted, pending.partition(), worker, nowNanos);
        redispatched += pending.returned() ? 0 : 1;
      }
    }
    while (granted.size() < max && nextFresh < job.partitionCount()) {
      long index = nextFresh++;
      // A resumed job's partitions that a journal kept results for are complete before they are ever cut.
      if (!isCompleted.test(index)) {
        grant(granted, job.partition(index), worker, nowNanos);
      }
    }
    if (granted.isEmpty() && speculation.enabled() && retryQueue.isEmpty()) {
      speculate(worker, nowNanos, granted);
    }
    return granted;
  }

  private void speculate(W worker, long nowNanos, List<Partition> granted) {
    long minAge = speculation.minAgeNanos().getAsLong();
    Lease<W> oldest = null;
    for (Lease<W> only : leases.values()) {
      // Ties go to the lowest index, so which partition is copied does not depend on the map's order.
      if (only.copy == null && !only.worker.equals(worker) && nowNanos - only.startNanos >= minAge
          && (oldest == null || only.startNanos < oldest.startNanos
              || only.startNanos == oldest.startNanos && only.partition.index() < oldest.partition.index())) {
        oldest = only;
      }
    }
    if (oldest != null) {
      grant(granted, nextAttempt(oldest.partition()), worker, nowNanos);
      speculated++;
    }
  }

  /** {@code partition} again, under an attempt number no dispatch of its index had. */
  private Partition nextAttempt(Partition partition) {
    int attempt = Math.max(partition.attempt(), highestAttempt.getOrDefault(partition.index(), 1)) + 1;
    return new Partition(partition.jobId(), partition.index(), attempt, partition.range());
  }

  private void grant(List<Partition> granted, Partition partition, W worker, long nowNanos) {
    if (partition.attempt() > 1) {
      highestAttempt.merge(partition.index(), partition.attempt(), Math::max);
    }
    Lease<W> lease = new Lease<>(partition, worker, nowNanos, nowNanos + leaseNanos);
    Lease<W> last = leases.putIfAbsent(partition.index(), lease);
    if (last != null) { // a speculative copy
      while (last.copy != null) {
        last = last.copy;
      }
      last.copy = lease;
    }
    held.computeIfAbsent(worker, w -> new Held()).count++;
    granted.add(partition);
  }

  private void released(Lease<W> lease) {
    Held holds = held.get(lease.worker());
    if (holds != null && --holds.count == 0) {
      held.remove(lease.worker());
    }
  }

  /** Forgets every lease of partition {@code index}. */
  private void releaseAll(long index) {
    for (Lease<W> lease = leases.remove(index); lease != null; lease = lease.copy) {
      released(lease);
    }
  }

  /** The first lease of {@code index}, in dispatch order, that {@code which} accepts, or null. */
  private Lease<W> find(long index, Predicate<Lease<W>> which) {
    for (Lease<W> lease = leases.get(index); lease != null; lease = lease.copy) {
      if (which.test(lease)) {
        return lease;
      }
    }
    return null;
  }

  /** Takes {@code lease} out of its index's leases (the other copies stay) and releases it. */
  private void remove(long index, Lease<W> lease) {
    Lease<W> first = leases.get(index);
    if (first == lease) {
      if (lease.copy != null) {
        leases.put(index, lease.copy);
      } else {
        leases.remove(index);
      }
    } else {
      for (Lease<W> before = first; before != null; before = before.copy) {
        if (before.copy == lease) {
          before.copy = lease.copy;
          break;
        }
      }
    }
    lease.copy = null;
    released(lease);
  }

  /** The partition has its result: forget its leases (a copy still running will report a duplicate). */
  public void completed(long index) {
    releaseAll(index);
    // Every result passes here, and each lookup boxes its index: skip the maps that are nearly always empty.
    if (!failures.isEmpty()) {
      failures.remove(index);
    }
    if (!highestAttempt.isEmpty()) {
      highestAttempt.remove(index);
    }
  }

  public Verdict failed(long index, int attempt, String error) {
    Lease<W> lease = find(index, l -> l.partition.attempt() == attempt);
    if (isCompleted.test(index) || lease == null) {
      return new Verdict.Ignored();
    }
    remove(index, lease);
    int failed = failures.merge(index, 1, Integer::sum);
    if (failed >= job.maxAttempts()) {
      releaseAll(index);
      return new Verdict.GiveUp(lease.partition(), failed, error);
    }
    if (leases.containsKey(index)) {
      return new Verdict.Ignored(); // the other copy still runs
    }
    Partition next = nextAttempt(lease.partition());
    retryQueue.add(new Pending<>(next, lease.worker()));
    return new Verdict.WillRetry(next);
  }

  /** Requeues every partition whose leases ran out; an expiry is not the task's fault, so it is not a failure. */
  public List<Partition> expire(long nowNanos) {
    return requeueWhere(lease -> nowNanos - lease.deadline > 0);
  }

  /** What {@link #expire} would requeue now, by the worker that held it: whose loss the lease revealed. */
  public Map<W, List<Long>> expiring(long nowNanos) {
    Map<W, List<Long>> byWorker = new HashMap<>();
    for (Lease<W> first : leases.values()) {
      for (Lease<W> lease = first; lease != null; lease = lease.copy) {
        if (nowNanos - lease.deadline > 0) {
          byWorker.computeIfAbsent(lease.worker, w -> new ArrayList<>()).add(lease.partition.index());
        }
      }
    }
    byWorker.values().forEach(indices -> indices.sort(null)); // in index order, whatever the map's
    return byWorker;
  }

  /**
   * {@code worker} is leaving and hands back these partitions, which it never started: they go to
   * the front of the queue as they were, their attempt not spent, and dispatching them again is no
   * retry. An index it does not hold (finished meanwhile, or leased elsewhere) is skipped.
   *
   * @return the partitions requeued
   */
  public List<Partition> returned(W worker, Collection<Long> indices) {
    List<Partition> requeued = new ArrayList<>();
    for (long index : indices) {
      Lease<W> lease = handBack(worker, index, any -> true);
      if (lease != null && !leases.containsKey(index) && !isCompleted.test(index)) {
        requeued.add(lease.partition());
      }
    }
    // In reverse, each to the front: the queue's head keeps them in the order the worker had them.
    for (int i = requeued.size() - 1; i >= 0; i--) {
      retryQueue.addFirst(new Pending<>(requeued.get(i), null, true));
    }
    return requeued;
  }

  /**
   * {@code worker} is leaving and ran its attempt {@code attempt} of partition {@code index} up to
   * {@code upTo} before it stopped: the rest, {@code [upTo, to)}, goes to the front of the queue
   * under a new attempt number, no retry spent. Nothing is requeued (and the part that ran is not
   * needed) when the worker holds no such lease, the partition is complete, or another copy is
   * still out and will finish it whole.
   *
   * @return the partition that runs the rest, or null
   */
  public Partition returnedBegun(W worker, long index, int attempt, long upTo) {
    Lease<W> lease = handBack(worker, index, held -> held.partition().attempt() == attempt);
    if (lease == null || leases.containsKey(index) || isCompleted.test(index)) {
      return null;
    }
    LongRange range = lease.partition().range();
    if (upTo <= range.from() || upTo >= range.to()) {
      // Out of its range: not a part this ledger can keep; the whole attempt runs again.
      retryQueue.addFirst(new Pending<>(lease.partition(), null, true));
      return null;
    }
    Partition rest = nextAttempt(new Partition(job.id(), index, attempt, new LongRange(upTo, range.to())));
    highestAttempt.merge(index, rest.attempt(), Math::max);
    retryQueue.addFirst(new Pending<>(rest, null, true));
    return rest;
  }

  /**
   * The worker holding a lease on {@code index} says it is still at work on it (or holds it queued
   * behind one it is): the lease runs {@code lease-timeout} from now. False when it holds none.
   */
  public boolean renew(W worker, long index, long nowNanos) {
    Lease<W> lease = find(index, l -> l.worker.equals(worker));
    if (lease == null) {
      return false;
    }
    lease.deadline = nowNanos + leaseNanos;
    return true;
  }

  /**
   * Releases the lease {@code worker} holds on {@code index} (the first that {@code which} accepts),
   * forgetting the index once no copy is left; returns it, or null when the worker holds none.
   */
  private Lease<W> handBack(W worker, long index, Predicate<Lease<W>> which) {
    Lease<W> lease = find(index, l -> l.worker.equals(worker) && which.test(l));
    if (lease != null) {
      remove(index, lease);
    }
    return lease;
  }

  /** Requeues every partition leased to a worker that is gone (unless another copy is still out). */
  public List<Partition> workerLost(W worker) {
    return requeueWhere(lease -> lease.worker().equals(worker));
  }

  private List<Partition> requeueWhere(Predicate<Lease<W>> condition) {
    // Called every lease check with nothing to find, mostly: the walk allocates nothing until it finds something.
    List<Lease<W>> matched = null;
    for (Lease<W> first : leases.values()) {
      for (Lease<W> lease = first; lease != null; lease = lease.copy) {
        if (condition.test(lease)) {
          if (matched == null) {
            matched = new ArrayList<>();
          }
          matched.add(lease);
        }
      }
    }
    if (matched == null) {
      return List.of();
    }
    // Per index, the latest attempt that was out decides what runs again, once no copy is left; in
    // index order, whatever the map's.
    Map<Long, Lease<W>> latest = new TreeMap<>();
    for (Lease<W> lease : matched) {
      long index = lease.partition.index();
      remove(index, lease);
      latest.merge(index, lease, (a, b) -> b.partition.attempt() > a.partition.attempt() ? b : a);
    }
    List<Partition> requeued = new ArrayList<>();
    latest.forEach((index, last) -> {
      if (!leases.containsKey(index)) {
        Partition next = nextAttempt(last.partition);
        retryQueue.add(new Pending<>(next, last.worker));
        requeued.add(next);
      }
    });
    return requeued;
  }

  /** True while something could still be handed to a worker (speculative copies aside). */
  public boolean hasWork() {
    return nextFresh < job.partitionCount() || !retryQueue.isEmpty();
  }

  /** True while a hungry worker could be given something, a speculative copy included. */
  public boolean canServe() {
    return hasWork() || (speculation.enabled() && !leases.isEmpty());
  }

  /** Partition indices with at least one lease out. */
  public int leased() {
    return leases.size();
  }

  /** How many partitions each worker holds a lease on now; workers holding none are absent. */
  public Map<W, Integer> leasesByWorker() {
    Map<W, Integer> counts = new HashMap<>();
    held.forEach((worker, holds) -> counts.put(worker, holds.count));
    return Map.copyOf(counts);
  }

  /** Dispatches of retried partitions (failures, expired leases, lost workers). */
  public long redispatched() {
    return redispatched;
  }

  /** Speculative copies handed out. */
  public long speculated() {
    return speculated;
  }
}

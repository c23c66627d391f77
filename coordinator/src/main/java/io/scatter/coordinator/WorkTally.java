package io.scatter.coordinator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accepted partitions per worker, for the job's stats ({@link WorkerShare}). Not thread-safe: the
 * job coordinator uses it on its thread, the modes without actors under their aggregator's lock.
 */
final class WorkTally {

  /** Nodes, then workers, in the order people number them: worker-2 before worker-10. */
  private static final Comparator<WorkerShare> ORDER = Comparator.comparing(WorkerShare::node)
      .thenComparingInt(share -> share.worker().length()).thenComparing(WorkerShare::worker);

  private record Worker(String node, String name) { }

  /** One worker's figures; {@link #of} it once for a batch of its results instead of once per result. */
  static final class Counts {
    private long partitions;
    private long computeNanos;

    void accepted(long computeNanos) {
      partitions++;
      this.computeNanos += Math.max(0, computeNanos);
    }
  }

  private final Map<Worker, Counts> byWorker = new HashMap<>();

  void accepted(String node, String worker, long computeNanos) {
    of(node, worker).accepted(computeNanos);
  }

  /** The figures of {@code worker} on {@code node}, made on first use. */
  Counts of(String node, String worker) {
    return byWorker.computeIfAbsent(new Worker(node, worker), w -> new Counts());
  }

  List<WorkerShare> shares() {
    List<WorkerShare> shares = new ArrayList<>(byWorker.size());
    byWorker.forEach((worker, counts) -> shares.add(new WorkerShare(worker.node(), worker.name(), counts.partitions,
        counts.computeNanos / 1e9)));
    shares.sort(ORDER);
    return List.copyOf(shares);
  }
}

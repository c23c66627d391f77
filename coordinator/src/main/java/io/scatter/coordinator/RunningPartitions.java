package io.scatter.coordinator;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each worker of a job said it runs, for partitions long enough to report {@link
 * CoordinatorCommand.Progress}: {@code GET /nodes} shows them, so a long or stuck partition is
 * visible and not only counted among the leases. Pure; the coordinator actor owns it.
 *
 * @param <W> how a worker is identified (an actor ref in production)
 */
final class RunningPartitions<W> {

  /** A progress report and the ticker when it came. */
  private record Reported(CoordinatorCommand.Progress progress, long atNanos) { }

  private final Map<W, Reported> byWorker = new HashMap<>();

  void reported(W worker, CoordinatorCommand.Progress progress, long nowNanos) {
    byWorker.put(worker, new Reported(progress, nowNanos));
  }

  /** The worker sent these outcomes: the partition it reported is no longer running if one of them is its. */
  void finished(W worker, List<PartitionOutcome> outcomes) {
    Reported reported = byWorker.get(worker);
    if (reported != null && outcomes.stream().anyMatch(outcome -> outcome.index() == reported.progress().index())) {
      byWorker.remove(worker);
    }
  }

  /** The worker is lost or leaving: it runs nothing for this job. */
  void forget(W worker) {
    byWorker.remove(worker);
  }

  /**
   * What runs now, as last reported, aged to {@code nowNanos}. A report older than {@code staleNanos}
   * (a lease) is left out: its worker fell silent, its lease has run out, it runs nothing for this job.
   */
  Map<W, NodeReport.Running> asOf(long nowNanos, long staleNanos) {
    Map<W, NodeReport.Running> now = new HashMap<>();
    byWorker.forEach((worker, reported) -> {
      if (nowNanos - reported.atNanos() <= staleNanos) {
        CoordinatorCommand.Progress progress = reported.progress();
        now.put(worker, new NodeReport.Running(progress.index(), progress.done(), progress.size(),
            (progress.runningNanos() + nowNanos - reported.atNanos()) / 1_000_000));
      }
    });
    return now;
  }
}

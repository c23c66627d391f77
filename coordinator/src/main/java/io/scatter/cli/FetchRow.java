package io.scatter.cli;

import io.scatter.coordinator.Job;
import io.scatter.coordinator.LatencyRecorder;
import io.scatter.coordinator.RunResult;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.FetchTally;
import java.util.List;
import java.util.Map;

/**
 * One fetch run in the units people read: what the fetch table prints and the JSON holds.
 *
 * @param inFlight      requests that could be in flight at once (see {@link FetchLimit#inFlight})
 * @param ok            responses with a 2xx status
 * @param errors        URLs without a whole response
 * @param outcomes      URLs per status and per error kind
 * @param limitSeconds  the least wall time possible, for /delay URLs of one delay; null otherwise
 * @param wallOverLimit wall time over that limit
 * @param run           the run's ordinary row (answer, partitions, retries, ...)
 */
record FetchRow(
    String io,
    String mode,
    int workers,
    int inFlight,
    long urls,
    double wallSeconds,
    double requestsPerSecond,
    long ok,
    long errors,
    long bytes,
    Map<String, Long> outcomes,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double maxMillis,
    Double limitSeconds,
    Double wallOverLimit,
    RunRow run) {

  private static final double P50 = 50;
  private static final double P90 = 90;
  private static final double P99 = 99;
  private static final double MAX = 100;

  @SuppressWarnings("unchecked")
  static FetchRow of(Job job, RunResult result, RunRow row) {
    FetchSettings settings = FetchSettings.from(job.task().params());
    List<FetchResult> results = (List<FetchResult>) result.value();
    FetchTally tally = FetchTally.of(results);
    LatencyRecorder latency = new LatencyRecorder();
    results.forEach(r -> latency.recordMicros(r.latencyMicros()));
    int inFlight = FetchLimit.inFlight(settings, job.plan().partition(0).size(), job.partitionCount(),
        result.workers(), result.mode());
    Double limit = FetchLimit.of(settings, inFlight).map(FetchLimit::seconds).orElse(null);
    return new FetchRow(settings.io().label(), result.mode().label(), result.workers(), inFlight, results.size(),
        result.wallSeconds(), results.size() / Math.max(result.wallSeconds(), 1e-9), tally.ok(), tally.errors(),
        tally.bytes(), tally.outcomes(), latency.percentileMillis(P50), latency.percentileMillis(P90),
        latency.percentileMillis(P99), latency.percentileMillis(MAX), limit,
        limit == null ? null : result.wallSeconds() / limit, row);
  }

  /** The row of a run of {@code job} that failed. */
  static FetchRow failed(Job job, RunRow failed) {
    return new FetchRow(job.task().params().asStrings().get(FetchSettings.IO), failed.mode(), failed.workers(), 0, 0,
        0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, null, null, failed);
  }

  String error() {
    return run.error();
  }
}

package io.scatter.cli;

import io.scatter.coordinator.Job;
import io.scatter.coordinator.LatencyRecorder;
import io.scatter.coordinator.RunResult;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.FetchTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fetch run in the units people read: what the fetch table prints and the JSON holds.
 *
 * @param inFlight      requests that could be in flight at once (see {@link FetchLimit#inFlight})
 * @param ok            responses with a 2xx status
 * @param redirects     responses with a 3xx status (redirects are not followed)
 * @param clientErrors  responses with a 4xx status
 * @param serverErrors  responses with a 5xx status
 * @param otherStatuses responses with a status outside 200..599; with the classes before and
 *                      {@code errors}, every URL is counted once
 * @param errors        URLs without a whole response
 * @param outcomes      URLs per status and per error kind
 * @param limitSeconds  the least wall time possible, for /delay URLs of one delay; null otherwise
 * @param wallOverLimit wall time over that limit
 * @param run           the run's ordinary row (answer, partitions, retries, ...)
 * @param results       every URL's outcome, in list order (empty when the run failed)
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
    long redirects,
    long clientErrors,
    long serverErrors,
    long otherStatuses,
    long errors,
    long bytes,
    Map<String, Long> outcomes,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double maxMillis,
    Double limitSeconds,
    Double wallOverLimit,
    RunRow run,
    List<FetchedUrl> results) {

  private static final double P50 = 50;
  private static final double P90 = 90;
  private static final double P99 = 99;
  private static final double MAX = 100;
  private static final int REDIRECT = 3;
  private static final int CLIENT_ERROR = 4;
  private static final int SERVER_ERROR = 5;

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
    Map<String, Long> outcomes = tally.outcomes();
    long redirects = FetchTally.inClass(outcomes, REDIRECT);
    long clientErrors = FetchTally.inClass(outcomes, CLIENT_ERROR);
    long serverErrors = FetchTally.inClass(outcomes, SERVER_ERROR);
    long other = results.size() - tally.ok() - redirects - clientErrors - serverErrors - tally.errors();
    return new FetchRow(settings.io().label(), result.mode().label(), result.workers(), inFlight, results.size(),
        result.wallSeconds(), results.size() / Math.max(result.wallSeconds(), 1e-9), tally.ok(), redirects,
        clientErrors, serverErrors, other, tally.errors(), tally.bytes(), outcomes, latency.percentileMillis(P50),
        latency.percentileMillis(P90), latency.percentileMillis(P99), latency.percentileMillis(MAX), limit,
        limit == null ? null : result.wallSeconds() / limit, row, results.stream().map(FetchedUrl::of).toList());
  }

  /** The row of a run of {@code job} that failed. */
  static FetchRow failed(Job job, RunRow failed) {
    return new FetchRow(job.task().params().asStrings().get(FetchSettings.IO), failed.mode(), failed.workers(), 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, null, null, failed, List.of());
  }

  String error() {
    return run.error();
  }

  /**
   * Where every URL went, each URL counted once: "2 ok (2xx), 1 redirect (3xx), 2 client errors
   * (4xx), 1 server error (5xx), 2 failed (connection-refused x1, timeout x1)". The ok and failed
   * counts are always there; the other classes only when some URL is in them.
   */
  String describeCounts() {
    List<String> parts = new ArrayList<>();
    parts.add(String.format(Locale.ROOT, "%,d ok (2xx)", ok));
    addIfAny(parts, redirects, "redirect", "redirects", "(3xx)");
    addIfAny(parts, clientErrors, "client error", "client errors", "(4xx)");
    addIfAny(parts, serverErrors, "server error", "server errors", "(5xx)");
    addIfAny(parts, otherStatuses, "other status", "other statuses", "");
    Map<String, Long> kinds = FetchTally.errorKinds(outcomes);
    parts.add(String.format(Locale.ROOT, "%,d failed", errors) + (kinds.isEmpty() ? ""
        : " (" + FetchTally.describe(kinds) + ")"));
    return String.join(", ", parts);
  }

  private static void addIfAny(List<String> parts, long count, String one, String many, String suffix) {
    if (count > 0) {
      parts.add(String.format(Locale.ROOT, "%,d %s", count, count == 1 ? one : many) + (suffix.isEmpty() ? ""
          : " " + suffix));
    }
  }
}

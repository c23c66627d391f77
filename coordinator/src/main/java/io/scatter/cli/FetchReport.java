package io.scatter.cli;

import io.scatter.chaos.FaultTimeline;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.FetchTally;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code run} and {@code compare} print and write for a fetch job: the list, then one row
 * per run (I/O style x mode), and whether every run fetched the same URLs with the same outcomes.
 *
 * @param delayMillis the one /delay of every URL, which gives each row its limit; null otherwise
 * @param faults      what {@code run --chaos} injected and what followed; null for any other run
 */
record FetchReport(String task, long urls, int distinctUrls, long repeat, long batch, Long delayMillis,
    List<FetchRow> runs, boolean outcomesAgree, FaultTimeline faults) {

  static FetchReport of(Job job, List<FetchRow> runs, boolean outcomesAgree) {
    return of(job, runs, outcomesAgree, null);
  }

  static FetchReport of(Job job, List<FetchRow> runs, boolean outcomesAgree, FaultTimeline faults) {
    FetchSettings settings = FetchSettings.from(job.task().params());
    return new FetchReport(job.task().name(), settings.count(), settings.urls().size(), settings.repeat(),
        job.plan().partition(0).size(),
        FetchLimit.commonDelay(settings.urls()).map(Duration::toMillis).orElse(null), List.copyOf(runs),
        outcomesAgree, faults);
  }

  /** The heading: "fetch 10,000 URLs (1 distinct x10,000) in 20 batches of 500, timeout 10,000 ms". */
  static String describe(Job job) {
    FetchSettings settings = FetchSettings.from(job.task().params());
    return String.format(Locale.ROOT, "fetch %s (%,d distinct x%,d) in %s of %,d, timeout %,d ms",
        Plural.of(settings.count(), "URL"), settings.urls().size(), settings.repeat(),
        Plural.of(job.partitionCount(), "batch", "batches"), job.plan().partition(0).size(),
        settings.timeout().toMillis());
  }

  /** The heading of {@code run}, which has one I/O style. */
  static String describeRun(Job job, ExecutionMode mode) {
    FetchSettings settings = FetchSettings.from(job.task().params());
    return describe(job) + ", io " + settings.io().label() + ", up to "
        + settings.io().inFlightPerWorker(settings.concurrency(), job.plan().partition(0).size(),
            FetchLimit.batchesAtOnce(mode))
        + " in flight per worker";
  }

  /** {@code run}'s report of its one row. */
  void printRun(PrintWriter out) {
    FetchRow r = runs.get(0);
    out.printf(Locale.ROOT, "fetched %s in %.3f s, %,.0f requests/s, up to %,d in flight: %s; %s%n",
        Plural.of(r.urls(), "URL"), r.wallSeconds(), r.requestsPerSecond(), r.inFlight(),
        r.describeCounts(), Plural.of(r.bytes(), "byte"));
    out.println("outcomes: " + FetchTally.describe(r.outcomes()));
    out.printf(Locale.ROOT, "request latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", r.p50Millis(),
        r.p90Millis(), r.p99Millis(), r.maxMillis());
    if (r.limitSeconds() != null) {
      out.printf(Locale.ROOT, "limit %,d x %d ms / %,d in flight = %.3f s; wall/limit %.2fx%n", r.urls(), delayMillis,
          r.inFlight(), r.limitSeconds(), r.wallOverLimit());
    }
  }

  /**
   * {@code compare}'s table: one row per I/O style and mode. The ok, 3xx, 4xx, 5xx and failed
   * columns add up to the URLs (a status outside 200..599 is in the outcomes line and the JSON).
   */
  static void printTable(PrintWriter out, List<FetchRow> runs) {
    String header = "%-8s %-10s %7s %9s %8s %9s %7s %5s %5s %5s %6s %8s %8s %8s %8s %9s %7s%n";
    String row = "%-8s %-10s %7d %,9d %8.3f %,9.0f %,7d %,5d %,5d %,5d %,6d %8.2f %8.2f %8.2f %8.2f %9s %7s%n";
    out.printf(Locale.ROOT, header, "io", "mode", "workers", "in flight", "wall s", "req/s", "ok", "3xx", "4xx",
        "5xx", "failed", "p50 ms", "p90 ms", "p99 ms", "max ms", "limit s", "x limit");
    for (FetchRow r : runs) {
      if (r.error() != null) {
        out.printf(Locale.ROOT, "%-8s %-10s %7d failed: %s%n", r.io(), r.mode(), r.workers(), r.error());
        continue;
      }
      out.printf(Locale.ROOT, row, r.io(), r.mode(), r.workers(), r.inFlight(), r.wallSeconds(),
          r.requestsPerSecond(), r.ok(), r.redirects(), r.clientErrors(), r.serverErrors(), r.errors(), r.p50Millis(), r.p90Millis(), r.p99Millis(), r.maxMillis(),
          r.limitSeconds() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.limitSeconds()),
          r.wallOverLimit() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.wallOverLimit()));
    }
  }
}

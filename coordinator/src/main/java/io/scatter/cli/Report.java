package io.scatter.cli;

import io.scatter.chaos.FaultTimeline;
import io.scatter.coordinator.Job;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * What {@code run} and {@code compare} print and write: the job, one row per mode, and whether
 * every mode agreed on the answer.
 */
record Report(String jobId, String task, Map<String, String> params, String range, long partitions, List<RunRow> runs,
    boolean answersAgree, FaultTimeline faults) {

  static Report of(Job job, List<RunRow> runs, boolean answersAgree, FaultTimeline faults) {
    return new Report(job.id(), job.task().name(), job.task().params().asStrings(), job.plan().range().toString(),
        job.partitionCount(), List.copyOf(runs), answersAgree, faults);
  }

  /** The heading line: what ran. */
  static String describe(Job job) {
    return String.format("task %s%s over %s in %s", job.task().name(),
        job.task().params().asStrings().isEmpty() ? "" : " " + job.task().params(), job.plan().range(),
        Plural.of(job.partitionCount(), "partition"));
  }

  /**
   * The comparison table, one row per mode. CPU time is this JVM's for the in-process modes and
   * the sum the nodes' workers reported for the cluster row (their task threads only: no GC, no
   * messaging); messages and wire bytes are what the coordinator exchanged.
   */
  void printTable(PrintWriter out) {
    String header = "%-11s %7s %9s %8s %6s %8s %11s %7s %5s %9s %9s %9s %9s%n";
    String row = "%-11s %7d %9.3f %8s %6s %8s %,11d %7d %5d %,9d %,9d %9.2f %9.2f%n";
    out.printf(header, "mode", "workers", "wall s", "speedup", "effic", "cpu s", "partitions", "retries", "dups",
        "messages", "wire KB", "p50 ms", "p99 ms");
    for (RunRow r : runs) {
      if (r.error() != null) {
        out.printf("%-11s %7d failed: %s%n", r.mode(), r.workers(), r.error());
        continue;
      }
      out.printf(row, r.mode(), r.workers(), r.wallSeconds(), ratio(r.speedup(), "x"), percent(r.efficiency()),
          r.cpuSeconds() == null ? "-" : String.format("%.2f", r.cpuSeconds()), r.stats().partitions(),
          r.stats().retries(), r.stats().duplicates(),
          r.stats().messagesToWorkers() + r.stats().messagesFromWorkers(), r.stats().wireBytes() / 1024,
          r.stats().latency().p50Millis(), r.stats().latency().p99Millis());
    }
  }

  private static String ratio(Double value, String unit) {
    return value == null ? "-" : String.format("%.2f%s", value, unit);
  }

  private static String percent(Double value) {
    return value == null ? "-" : String.format("%.0f%%", value * 100);
  }
}

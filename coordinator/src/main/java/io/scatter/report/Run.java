package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of a report as the charts use it, whether a job's run ({@code runs[i]} of a report) or a
 * fetch run ({@code runs[i]} of a fetch report, whose {@code run} holds the ordinary row).
 *
 * @param label      under its bar, first line: the mode, or a fetch run's I/O style
 * @param sublabel   second line: the workers, or a fetch run's mode
 * @param mode       its execution mode, which picks its colour
 * @param wallSeconds null when the run failed
 * @param speedup    against the sequential run of the same comparison; null when there was none
 * @param cpuSeconds null where the mode has no CPU figure
 * @param stats      the job's stats (latency, work per worker...)
 * @param error      why the run failed; null when it did not
 * @param row        the row itself, for what only one kind of report has
 */
record Run(String label, String sublabel, String mode, int workers, Double wallSeconds, Double speedup,
    Double cpuSeconds, JsonNode stats, String error, JsonNode row) {

  static Run of(JsonNode row) {
    String mode = JsonValues.text(row, "mode");
    int workers = row.path("workers").asInt();
    String error = JsonValues.text(row, "error");
    return new Run(mode, workers + (workers == 1 ? " worker" : " workers"), mode, workers,
        error == null ? JsonValues.number(row, "wallSeconds") : null, JsonValues.number(row, "speedup"),
        JsonValues.number(row, "cpuSeconds"), row.get("stats"), error, row);
  }

  /** @param withUrls whether to say how many URLs it fetched: the runs of the report did not all fetch as many */
  static Run ofFetch(JsonNode row, boolean withUrls) {
    JsonNode run = row.path("run");
    String mode = JsonValues.text(row, "mode");
    String error = JsonValues.text(run, "error");
    String sublabel = mode + (withUrls ? ", " + Html.quantity(row.path("urls").asDouble()) + " URLs" : "");
    return new Run(JsonValues.text(row, "io"), sublabel, mode, row.path("workers").asInt(),
        error == null ? JsonValues.number(row, "wallSeconds") : null, JsonValues.number(run, "speedup"),
        JsonValues.number(run, "cpuSeconds"), run.get("stats"), error, row);
  }

  boolean failed() {
    return error != null;
  }
}

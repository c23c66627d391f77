package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The numbers behind the charts as HTML tables, every cell escaped: what the terminal table shows. */
final class Tables {

  private static final String NONE = "-";
  private static final double PERCENT = 100;

  private Tables() {
  }

  /** One row per run of a job's report. */
  static String jobRuns(JsonNode report) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode run : JsonValues.list(report, "runs")) {
      JsonNode stats = run.path("stats");
      boolean failed = JsonValues.has(run, "error");
      rows.add(List.of(text(run, "mode"), run.path("workers").asText(),
          failed ? NONE : seconds(JsonValues.number(run, "wallSeconds")), times(JsonValues.number(run, "speedup")),
          percent(JsonValues.number(run, "efficiency")), seconds(JsonValues.number(run, "cpuSeconds")),
          failed ? NONE : number(JsonValues.number(run, "partitionsPerSecond")), stats.path("retries").asText(NONE),
          stats.path("duplicates").asText(NONE), number(JsonValues.number(stats.get("latency"), "p50Millis")),
          number(JsonValues.number(stats.get("latency"), "p99Millis")),
          failed ? "failed: " + text(run, "error") : text(run, "answer")));
    }
    return table("runs", List.of("mode", "workers", "wall s", "speedup", "efficiency", "CPU s", "partitions/s",
        "retries", "duplicates", "p50 ms", "p99 ms", "answer"), rows);
  }

  /** One row per run of a fetch report. */
  static String fetchRuns(JsonNode report) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode run : JsonValues.list(report, "runs")) {
      String error = JsonValues.text(run.path("run"), "error");
      if (error != null) {
        rows.add(List.of(text(run, "io"), text(run, "mode"), run.path("workers").asText(), NONE, NONE, NONE, NONE,
            NONE, NONE, NONE, NONE, NONE, "failed: " + error));
        continue;
      }
      rows.add(List.of(text(run, "io"), text(run, "mode"), run.path("workers").asText(), number(run, "inFlight"),
          number(run, "urls"), seconds(JsonValues.number(run, "wallSeconds")), number(run, "requestsPerSecond"),
          number(run, "ok"), number(run, "errors"), number(run, "p50Millis"), number(run, "p99Millis"),
          seconds(JsonValues.number(run, "limitSeconds")), times(JsonValues.number(run, "wallOverLimit")), ""));
    }
    return table("runs", List.of("io", "mode", "workers", "in flight", "URLs", "wall s", "requests/s", "ok (2xx)",
        "failed", "p50 ms", "p99 ms", "limit s", "x limit", "error"), rows);
  }

  /** One row per fault of a chaos run, then the nodes that left on purpose. */
  static String faults(JsonNode timeline) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode fault : JsonValues.list(timeline, "faults")) {
      Double detected = JsonValues.number(fault, "detectedAfter");
      Double recovered = JsonValues.number(fault, "recoveredAfter");
      String outcome = JsonValues.has(fault, "error") ? "not injected: " + text(fault, "error")
          : JsonValues.has(fault, "refused") ? "refused by the node: " + text(fault, "refused")
          : JsonValues.has(fault, "cutShortBy") ? "cut short by " + text(fault, "cutShortBy")
          : JsonValues.has(fault, "claimedBy") ? "what followed is credited to " + text(fault, "claimedBy") : "";
      rows.add(List.of(text(fault, "fault"), text(fault, "node"), seconds(JsonValues.number(fault, "injectedAt")),
          percent(JsonValues.number(fault, "progress")), seconds(JsonValues.number(fault, "endsAt")),
          detected == null ? "not detected" : seconds(detected) + " (" + text(fault, "detectedBy") + ")",
          recovered == null ? NONE : seconds(recovered) + " (" + fault.path("redispatched").size() + " partitions)",
          outcome));
    }
    for (JsonNode leave : JsonValues.list(timeline, "leaves")) {
      rows.add(List.of("left on purpose", text(leave, "node"), seconds(JsonValues.number(leave, "at")), NONE, NONE,
          NONE, NONE, leave.path("returned").size() + " partitions handed back, run elsewhere at once"));
    }
    return table("faults", List.of("fault", "node", "at s", "done", "over at s", "detected after s",
        "re-dispatched after s", ""), rows);
  }

  private static String table(String cssClass, List<String> header, List<List<String>> rows) {
    StringBuilder html = new StringBuilder("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
    header.forEach(cell -> html.append("<th>").append(Html.escape(cell)).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
      html.append("</tr>\n");
    }
    return html.append("</tbody>\n</table>\n").toString();
  }

  private static String text(JsonNode node, String field) {
    String text = JsonValues.text(node, field);
    return text == null ? NONE : text;
  }

  private static String number(JsonNode node, String field) {
    return number(JsonValues.number(node, field));
  }

  private static String number(Double value) {
    return value == null ? NONE : Html.quantity(value);
  }

  private static String seconds(Double value) {
    return value == null ? NONE : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String times(Double value) {
    return value == null ? NONE : String.format(Locale.ROOT, "%.2fx", value);
  }

  private static String percent(Double value) {
    return value == null ? NONE : String.format(Locale.ROOT, "%.0f%%", value * PERCENT);
  }
}

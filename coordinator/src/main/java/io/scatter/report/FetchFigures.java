package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of a fetch report ({@code run} or {@code compare} with URLs, {@code --preset seeds-io}):
 * wall time and requests per second against the limit (URLs x delay / requests in flight, when every
 * URL has one /delay), CPU time, request latency per I/O style, work per worker, the fault timeline.
 */
final class FetchFigures {

  static final String THROUGHPUT = "chart-throughput";

  private static final List<GroupedBarChart.Series> PERCENTILES = List.of(
      new GroupedBarChart.Series("p50", Palette.cycle(0)), new GroupedBarChart.Series("p90", Palette.cycle(3)),
      new GroupedBarChart.Series("p99", Palette.cycle(1)), new GroupedBarChart.Series("max", Palette.cycle(2)));
  private static final List<String> FIELDS = List.of("p50Millis", "p90Millis", "p99Millis", "maxMillis");
  private static final String LIMIT = "the limit: URLs x delay / requests in flight";

  private FetchFigures() {
  }

  static List<Figure> of(JsonNode report, String suffix) {
    List<JsonNode> rows = JsonValues.list(report, "runs");
    boolean urlsDiffer = rows.stream().map(row -> row.path("urls").asLong()).distinct().count() > 1;
    List<Run> runs = rows.stream().map(row -> Run.ofFetch(row, urlsDiffer)).toList();
    List<Figure> figures = new ArrayList<>();
    boolean limited = runs.stream().anyMatch(run -> JsonValues.has(run.row(), "limitSeconds"));
    figures.add(CommonFigures.wall(suffix, runs, run -> JsonValues.number(run.row(), "limitSeconds"),
        limited ? LIMIT : null, false));
    figures.add(throughput(suffix, runs, limited));
    figures.add(new Figure.Absent(JobFigures.SPEEDUP + suffix, "Speedup over the sequential run",
        "a fetch waits rather than computes: its runs are measured against their limit (requests per second), "
            + "not a speedup in workers"));
    figures.add(CommonFigures.cpu(suffix, runs, null));
    figures.add(latency(suffix, runs));
    figures.add(CommonFigures.work(suffix, runs));
    figures.add(CommonFigures.faults(suffix, report));
    return figures;
  }

  private static Figure throughput(String suffix, List<Run> runs, boolean limited) {
    String heading = "Requests per second per run";
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      Double limit = JsonValues.number(run.row(), "limitSeconds");
      bars.add(new BarChart.Bar(run.label(), run.sublabel(),
          run.failed() ? null : JsonValues.number(run.row(), "requestsPerSecond"), Palette.mode(run.mode(), i),
          run.failed() || limit == null ? null : run.row().path("urls").asDouble() / limit,
          run.failed() ? CommonFigures.FAILED : null));
    }
    String idealName = limited ? "at the limit: requests in flight / delay" : null;
    return new Figure.Chart(THROUGHPUT + suffix, heading, BarChart.render(THROUGHPUT + suffix,
        heading + (limited ? "; dashed: " + idealName : ""), "requests/s", "/s", bars, idealName, false));
  }

  private static Figure latency(String suffix, List<Run> runs) {
    String heading = "Request latency per I/O style (milliseconds)";
    if (runs.stream().allMatch(run -> run.failed() || run.row().path("urls").asLong() == 0)) {
      return new Figure.Absent(JobFigures.LATENCY + suffix, heading, "no run of this report fetched a URL");
    }
    List<GroupedBarChart.Group> groups = new ArrayList<>();
    for (Run run : runs) {
      List<Double> values = FIELDS.stream().map(field -> run.failed() ? null : JsonValues.number(run.row(), field))
          .toList();
      groups.add(new GroupedBarChart.Group(run.label(), run.sublabel(), values,
          run.failed() ? CommonFigures.FAILED : null));
    }
    return new Figure.Chart(JobFigures.LATENCY + suffix, heading, GroupedBarChart.render(JobFigures.LATENCY + suffix,
        heading + ": p50, p90, p99 and max of each request's time", "request time (ms)", PERCENTILES, groups));
  }
}

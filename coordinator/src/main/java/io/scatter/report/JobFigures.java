package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The charts of a job's report ({@code run}, {@code compare}, one experiment of a preset): wall time
 * and speedup against the ideal of linear scaling in workers, CPU time, the partition latency
 * distribution, work per worker, the fault timeline.
 */
final class JobFigures {

  static final String SPEEDUP = "chart-speedup";
  static final String LATENCY = "chart-latency";

  private static final List<GroupedBarChart.Series> PERCENTILES = List.of(
      new GroupedBarChart.Series("p50", Palette.cycle(0)), new GroupedBarChart.Series("p99", Palette.cycle(1)),
      new GroupedBarChart.Series("max", Palette.cycle(2)));
  private static final List<String> FIELDS = List.of("p50Millis", "p99Millis", "maxMillis");

  private JobFigures() {
  }

  /** @param suffix after every chart id, so several reports' charts can share a page ("" for one) */
  static List<Figure> of(JsonNode report, String suffix) {
    List<Run> runs = JsonValues.list(report, "runs").stream().map(Run::of).toList();
    Optional<Run> sequential = runs.stream().filter(run -> "sequential".equals(run.mode()) && !run.failed())
        .findFirst();
    Double sequentialWall = sequential.map(Run::wallSeconds).orElse(null);
    List<Figure> figures = new ArrayList<>();
    figures.add(CommonFigures.wall(suffix, runs,
        run -> sequentialWall == null ? null : sequentialWall / Math.max(1, run.workers()),
        sequentialWall == null ? null : "the sequential time divided by the workers", true));
    figures.add(speedup(suffix, runs));
    figures.add(CommonFigures.cpu(suffix, runs, sequential.map(Run::cpuSeconds).orElse(null)));
    figures.add(latency(suffix, runs));
    figures.add(CommonFigures.work(suffix, runs));
    figures.add(CommonFigures.faults(suffix, report));
    return figures;
  }

  private static Figure speedup(String suffix, List<Run> runs) {
    String heading = "Speedup over the sequential run";
    if (runs.stream().allMatch(run -> run.speedup() == null)) {
      return new Figure.Absent(SPEEDUP + suffix, heading, runs.size() == 1
          ? "one run has nothing to be faster than: compare with sequential among its --modes measures speedup"
          : "no sequential run in this comparison finished, to measure speedup against");
    }
    String idealName = "ideal: speedup equal to the workers";
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      bars.add(new BarChart.Bar(run.label(), run.sublabel(), run.speedup(), Palette.mode(run.mode(), i),
          run.speedup() == null ? null : (double) run.workers(), run.failed() ? CommonFigures.FAILED : "n/a"));
    }
    return new Figure.Chart(SPEEDUP + suffix, heading, BarChart.render(SPEEDUP + suffix,
        heading + " (times); dashed: " + idealName, "speedup (x)", "x", bars, idealName, true));
  }

  private static Figure latency(String suffix, List<Run> runs) {
    String heading = "Partition latency per run (milliseconds)";
    if (runs.stream().allMatch(run -> run.stats() == null || run.stats().path("latency").path("count").asLong() == 0)) {
      return new Figure.Absent(LATENCY + suffix, heading, "no run of this report completed a partition");
    }
    List<GroupedBarChart.Group> groups = new ArrayList<>();
    for (Run run : runs) {
      JsonNode latency = run.stats() == null ? null : run.stats().get("latency");
      boolean none = latency == null || latency.path("count").asLong() == 0;
      List<Double> values = FIELDS.stream().map(field -> none ? null : JsonValues.number(latency, field)).toList();
      groups.add(new GroupedBarChart.Group(run.label(), run.sublabel(), values,
          run.failed() ? CommonFigures.FAILED : none ? "none" : null));
    }
    return new Figure.Chart(LATENCY + suffix, heading, GroupedBarChart.render(LATENCY + suffix,
        heading + ": p50, p99 and max of the time each partition took", "partition time (ms)", PERCENTILES, groups));
  }
}

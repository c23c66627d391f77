package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The charts every report has, job or fetch: wall time, CPU time, work per worker, the fault timeline. */
final class CommonFigures {

  static final String WALL = "chart-wall";
  static final String CPU = "chart-cpu";
  static final String WORK = "chart-work";
  static final String FAULTS = "chart-faults";
  static final String FAILED = "failed";

  private CommonFigures() {
  }

  /**
   * @param ideal     each run's ideal wall time, or null for none
   * @param idealName the legend's name for it
   * @param join      whether the ideals are steps of one line (see {@link BarChart#render})
   */
  static Figure wall(String suffix, List<Run> runs, Function<Run, Double> ideal, String idealName, boolean join) {
    String heading = "Wall time per run (seconds)";
    if (runs.stream().allMatch(Run::failed)) {
      return new Figure.Absent(WALL + suffix, heading, "every run failed (the table says how)");
    }
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      bars.add(new BarChart.Bar(run.label(), run.sublabel(), run.wallSeconds(), Palette.mode(run.mode(), i),
          run.failed() ? null : ideal.apply(run), run.failed() ? FAILED : null));
    }
    return new Figure.Chart(WALL + suffix, heading,
        BarChart.render(WALL + suffix, heading + (idealName == null ? "" : "; dashed: " + idealName),
            "wall time (s)", " s", bars, idealName, join));
  }

  /** @param reference the CPU time that is the work itself (the sequential run's), or null */
  static Figure cpu(String suffix, List<Run> runs, Double reference) {
    String heading = "CPU time per run (seconds)";
    if (runs.stream().allMatch(run -> run.cpuSeconds() == null)) {
      return new Figure.Absent(CPU + suffix, heading, "no run of this report measured its CPU time");
    }
    String idealName = reference == null ? null : "the sequential run's CPU time: the work itself";
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      bars.add(new BarChart.Bar(run.label(), run.sublabel(), run.cpuSeconds(), Palette.mode(run.mode(), i),
          run.cpuSeconds() == null ? null : reference, run.failed() ? FAILED : "n/a"));
    }
    return new Figure.Chart(CPU + suffix, heading, BarChart.render(CPU + suffix,
        heading + (idealName == null ? "" : "; dashed: " + idealName), "CPU time (s)", " s", bars, idealName,
        true));
  }

  /** Accepted partitions per worker, one bar per run and node, from each run's {@code stats.work}. */
  static Figure work(String suffix, List<Run> runs) {
    String heading = "Work per worker (accepted partitions, by run and node)";
    List<StackedBarChart.Row> rows = new ArrayList<>();
    for (Run run : runs) {
      Map<String, List<StackedBarChart.Segment>> byNode = new LinkedHashMap<>();
      for (JsonNode share : JsonValues.list(run.stats(), "work")) {
        String worker = JsonValues.text(share, "worker");
        double partitions = share.path("partitions").asDouble();
        byNode.computeIfAbsent(JsonValues.text(share, "node"), node -> new ArrayList<>())
            .add(new StackedBarChart.Segment(worker, partitions, worker + ": " + Html.quantity(partitions)
                + " partitions, " + Html.quantity(share.path("computeSeconds").asDouble()) + " s computing"));
      }
      String label = run.label() + (run.label().equals(run.mode()) ? "" : " / " + run.mode());
      byNode.forEach((node, segments) -> rows.add(new StackedBarChart.Row(label, node, segments)));
    }
    if (rows.isEmpty()) {
      return new Figure.Absent(WORK + suffix, heading,
          "no run of this report has per-worker figures (its runs failed, or the report is older than them)");
    }
    return new Figure.Chart(WORK + suffix, heading,
        StackedBarChart.render(WORK + suffix, heading, "partitions", rows));
  }

  /** The fault timeline of {@code run --chaos}; absent, with the reason, from every other report. */
  static Figure faults(String suffix, JsonNode report) {
    String heading = "Fault timeline (seconds from the start of the job)";
    if (!JsonValues.has(report, "faults")) {
      return new Figure.Absent(FAULTS + suffix, heading, "no faults injected (run --mode cluster --chaos injects them)");
    }
    return FaultFigure.of(FAULTS + suffix, heading, report.get("faults"));
  }
}

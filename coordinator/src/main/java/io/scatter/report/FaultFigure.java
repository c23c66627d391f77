package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fault timeline of a chaos run ({@code faults} of the report, as {@code FaultTimeline} writes
 * it) as lanes on a time axis: each fault from its injection, in force until it ended (a kill, to
 * the end), the coordinator's detection and the re-dispatch of what the node held; nodes that left
 * on purpose; the job's end and the fault-free runs' median.
 */
final class FaultFigure {

  private static final double PERCENT = 100;

  private FaultFigure() {
  }

  static Figure of(String id, String heading, JsonNode timeline) {
    double wall = timeline.path("wallSeconds").asDouble();
    List<TimelineChart.Lane> lanes = new ArrayList<>();
    for (JsonNode fault : JsonValues.list(timeline, "faults")) {
      lanes.add(lane(fault, wall));
    }
    for (JsonNode leave : JsonValues.list(timeline, "leaves")) {
      double at = leave.path("at").asDouble();
      int returned = leave.path("returned").size();
      lanes.add(new TimelineChart.Lane("left on purpose", JsonValues.text(leave, "node"), List.of(),
          List.of(new TimelineChart.Mark(at, TimelineChart.Kind.LEFT, String.format(Locale.ROOT,
              "left at %s s: %d partition(s) handed back, run elsewhere at once", Html.quantity(at), returned))),
          null));
    }
    if (lanes.isEmpty()) {
      return new Figure.Absent(id, heading, "the run's fault list is empty");
    }
    List<TimelineChart.Reference> references = new ArrayList<>();
    references.add(new TimelineChart.Reference(wall, Palette.IDEAL, "job end"));
    Double median = JsonValues.number(timeline.get("baseline"), "median");
    if (median != null) {
      references.add(new TimelineChart.Reference(median, Palette.BASELINE, "fault-free median"));
    }
    return new Figure.Chart(id, heading, TimelineChart.render(id, heading, lanes, references, wall));
  }

  private static TimelineChart.Lane lane(JsonNode fault, double wall) {
    String spec = JsonValues.text(fault, "fault");
    double injected = fault.path("injectedAt").asDouble();
    String sublabel = String.format(Locale.ROOT, "%s, at %.0f%% done", JsonValues.text(fault, "node"),
        fault.path("progress").asDouble() * PERCENT);
    if (JsonValues.has(fault, "error")) {
      return new TimelineChart.Lane(spec, sublabel, List.of(), List.of(), "not injected: "
          + JsonValues.text(fault, "error"));
    }
    if (JsonValues.has(fault, "refused")) {
      return new TimelineChart.Lane(spec, sublabel, List.of(), List.of(), "refused by the node: "
          + JsonValues.text(fault, "refused"));
    }
    Double endsAt = JsonValues.number(fault, "endsAt");
    List<TimelineChart.Span> spans = List.of(endsAt == null
        ? new TimelineChart.Span(injected, wall, "killed at " + Html.quantity(injected) + " s: gone for the rest of the job")
        : new TimelineChart.Span(injected, endsAt, "in force " + Html.quantity(injected) + "-" + Html.quantity(endsAt)
            + " s" + (JsonValues.has(fault, "cutShortBy") ? ", cut short by " + JsonValues.text(fault, "cutShortBy")
            : "")));
    List<TimelineChart.Mark> marks = new ArrayList<>();
    marks.add(new TimelineChart.Mark(injected, TimelineChart.Kind.INJECTED,
        spec + " injected at " + Html.quantity(injected) + " s"));
    Double detected = JsonValues.number(fault, "detectedAfter");
    if (detected != null) {
      marks.add(new TimelineChart.Mark(injected + detected, TimelineChart.Kind.DETECTED,
          "detected after " + Html.quantity(detected) + " s (" + JsonValues.text(fault, "detectedBy") + ")"));
    }
    Double recovered = JsonValues.number(fault, "recoveredAfter");
    if (recovered != null) {
      marks.add(new TimelineChart.Mark(injected + recovered, TimelineChart.Kind.REDISPATCHED,
          fault.path("redispatched").size() + " partition(s) re-dispatched after " + Html.quantity(recovered) + " s"));
    }
    String note = detected != null ? null : JsonValues.has(fault, "claimedBy")
        ? "credited to " + JsonValues.text(fault, "claimedBy") : "not detected";
    return new TimelineChart.Lane(spec, sublabel, spans, marks, note);
  }
}

package io.scatter.report;

import java.util.List;
import java.util.Locale;

/**
 * Time from the start of a job along the bottom, one lane per fault (or node that left): a band
 * while the fault was in force, and marks where it was injected, where the coordinator noticed
 * and where the lost partitions were dispatched again; vertical lines for the job's end and the
 * fault-free runs' median.
 */
final class TimelineChart {

  /** What a mark stands for: its shape, colour and legend name. */
  enum Kind {
    INJECTED(Palette.FAULT, "injected"),
    DETECTED(Palette.DETECTED, "detected"),
    REDISPATCHED(Palette.REDISPATCHED, "re-dispatched"),
    LEFT(Palette.LEFT, "left");

    final String color;
    final String legend;

    Kind(String color, String legend) {
      this.color = color;
      this.legend = legend;
    }
  }

  /** A moment in a lane, seconds from the job's start. */
  record Mark(double at, Kind kind, String tooltip) { }

  /** A stretch of a lane (a fault in force); {@code to} is where it ended, or the chart's end for a kill. */
  record Span(double from, double to, String tooltip) { }

  /**
   * @param note said at the lane's right end ({@code refused by the node: ...}, {@code not detected}); may be null
   */
  record Lane(String label, String sublabel, List<Span> spans, List<Mark> marks, String note) { }

  /** A vertical line across every lane at {@code at} seconds. */
  record Reference(double at, String color, String label) { }

  private static final int LEFT = 200;
  private static final int TOP = 34;
  private static final int LANE = 34;
  private static final int BOTTOM = 48;
  private static final int MARK = 6;
  private static final int SPAN = 14;

  private TimelineChart() {
  }

  static String render(String id, String title, List<Lane> lanes, List<Reference> references, double endSeconds) {
    double largest = endSeconds;
    for (Lane lane : lanes) {
      for (Mark mark : lane.marks()) {
        largest = Math.max(largest, mark.at());
      }
      for (Span span : lane.spans()) {
        largest = Math.max(largest, span.to());
      }
    }
    for (Reference reference : references) {
      largest = Math.max(largest, reference.at());
    }
    Scale scale = Scale.upTo(largest);
    Frame frame = new Frame(LEFT, TOP, Svg.WIDTH - LEFT - 30, Math.max(1, lanes.size()) * LANE);
    Svg svg = new Svg(id, title, TOP + (int) frame.height() + BOTTOM);
    frame.horizontalAxis(svg, scale, "seconds from the start of the job");
    // Only what the lanes show: all of it would not fit on one line beside the reference lines.
    Legend legend = new Legend();
    if (lanes.stream().anyMatch(lane -> !lane.spans().isEmpty())) {
      legend.add(Palette.FAULT_SPAN, "in force");
    }
    for (Kind kind : Kind.values()) {
      if (lanes.stream().anyMatch(lane -> lane.marks().stream().anyMatch(mark -> mark.kind() == kind))) {
        legend.add(kind.color, kind.legend);
      }
    }
    references.forEach(reference -> legend.dashed(reference.color(), reference.label()));
    legend.draw(svg, 8, Legend.HEIGHT / 2.0 + 2);
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      double middle = TOP + i * LANE + LANE / 2.0;
      svg.text(LEFT - 8, middle - 1, "end", lane.label());
      svg.text(LEFT - 8, middle + Svg.SMALL_FONT + 1, "end", lane.sublabel(), "font-size",
          Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
      for (Span span : lane.spans()) {
        double from = frame.x(scale, span.from());
        svg.rect(from, middle - SPAN / 2.0, frame.x(scale, span.to()) - from, SPAN, Palette.FAULT_SPAN, span.tooltip(),
            "class", "span");
      }
      for (Mark mark : lane.marks()) {
        mark(svg, frame.x(scale, mark.at()), middle, mark);
      }
      if (lane.note() != null) {
        // At the right, clear of the marks, which come early in most runs; the table below has it whole.
        svg.text(frame.right() - 4, middle + Svg.FONT / 2.0 - 2, "end", shortened(lane.note(), frame.width()),
            "fill", Palette.AXIS, "class", "note");
      }
    }
    for (Reference reference : references) {
      double x = frame.x(scale, reference.at());
      svg.line(x, TOP, x, frame.bottom(), reference.color(), "stroke-width", "2", "stroke-dasharray",
          Legend.dashes(), "class", "reference", "data-value", Double.toString(reference.at()));
    }
    return svg.end();
  }

  private static void mark(Svg svg, double x, double y, Mark mark) {
    String[] data = {"class", "mark", "data-kind", mark.kind().name().toLowerCase(Locale.ROOT),
        "data-value", Double.toString(mark.at()), "fill", mark.kind().color, "stroke", "#ffffff"};
    switch (mark.kind()) {
      case INJECTED -> svg.shape("polygon", new double[] {x, y - MARK - 1, x + MARK + 1, y, x, y + MARK + 1,
          x - MARK - 1, y}, mark.tooltip(), data);
      case REDISPATCHED -> svg.shape("polygon", new double[] {x, y - MARK, x + MARK, y + MARK, x - MARK, y + MARK},
          mark.tooltip(), data);
      case LEFT -> svg.shape("polygon", new double[] {x - MARK, y - MARK, x + MARK, y - MARK, x + MARK, y + MARK,
          x - MARK, y + MARK}, mark.tooltip(), data);
      case DETECTED -> svg.shape("polygon", octagon(x, y), mark.tooltip(), data);
    }
  }

  private static String shortened(String text, double width) {
    int fits = (int) (width / Legend.widthOf("m"));
    return text.length() <= fits ? text : text.substring(0, Math.max(0, fits - 1)) + "\u2026";
  }

  /** A round mark as a polygon, so every mark is one element type with its title inside. */
  private static double[] octagon(double x, double y) {
    int sides = 8;
    double[] points = new double[2 * sides];
    for (int i = 0; i < sides; i++) {
      double angle = 2 * Math.PI * i / sides + Math.PI / sides;
      points[2 * i] = x + MARK * Math.cos(angle);
      points[2 * i + 1] = y + MARK * Math.sin(angle);
    }
    return points;
  }
}

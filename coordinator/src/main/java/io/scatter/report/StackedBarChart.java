package io.scatter.report;

import java.util.List;

/**
 * Horizontal bars, one per run and node, each split into one segment per worker: who delivered
 * how much of the job. Segment lengths are in proportion to their values on a value axis from 0.
 */
final class StackedBarChart {

  /**
   * One worker's part of a bar.
   *
   * @param tooltip its hover text ({@code worker-1: 17 partitions, 0.012 s computing})
   */
  record Segment(String label, double value, String tooltip) { }

  /** One bar: a run's node, and its workers. */
  record Row(String label, String sublabel, List<Segment> segments) { }

  private static final int LEFT = 170;
  private static final int TOP = 16;
  private static final int ROW = 26;
  private static final int ROW_GAP = 12;
  private static final int BOTTOM = 48;
  private static final int TEXT_PAD = 4;

  private StackedBarChart() {
  }

  static String render(String id, String title, String axisTitle, List<Row> rows) {
    double largest = rows.stream()
        .mapToDouble(row -> row.segments().stream().mapToDouble(Segment::value).sum()).max().orElse(0);
    Scale scale = Scale.upTo(largest);
    int height = TOP + rows.size() * (ROW + ROW_GAP) + BOTTOM;
    Frame frame = new Frame(LEFT, TOP, Svg.WIDTH - LEFT - 30, rows.size() * (ROW + ROW_GAP));
    Svg svg = new Svg(id, title, height);
    frame.horizontalAxis(svg, scale, axisTitle);
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      double top = TOP + r * (ROW + ROW_GAP) + ROW_GAP / 2.0;
      svg.text(LEFT - 8, top + ROW / 2.0 - 1, "end", row.label());
      svg.text(LEFT - 8, top + ROW / 2.0 + Svg.SMALL_FONT + 1, "end", row.sublabel(), "font-size",
          Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
      double sum = 0;
      for (int s = 0; s < row.segments().size(); s++) {
        Segment segment = row.segments().get(s);
        double x = frame.x(scale, sum);
        double width = frame.x(scale, sum + segment.value()) - x;
        svg.rect(x, top, width, ROW, Palette.cycle(s), segment.tooltip(), "class", "bar", "stroke", "#ffffff", "data-label", row.label() + " " + row.sublabel() + " "
                + segment.label(), "data-value", Double.toString(segment.value()));
        String inside = segment.label() + " " + Html.quantity(segment.value());
        if (Legend.widthOf(inside) + 2 * TEXT_PAD < width) {
          svg.text(x + width / 2, top + ROW / 2.0 + Svg.FONT / 2.0 - 2, "middle", inside, "fill", "#ffffff");
        }
        sum += segment.value();
      }
    }
    return svg.end();
  }
}

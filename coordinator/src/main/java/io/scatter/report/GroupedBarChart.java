package io.scatter.report;

import java.util.List;

/**
 * Grouped bars: one group per run (or experiment), one bar per series in it (p50, p90, p99, max of
 * a latency distribution; one per mode), in proportion to their values on a value axis from 0.
 */
final class GroupedBarChart {

  /**
   * One group's bars.
   *
   * @param values one per series, in the chart's order; null where the run has none
   * @param note   why the group is empty ({@code failed}); null otherwise
   */
  record Group(String label, String sublabel, List<Double> values, String note) { }

  /** A series (a percentile, a mode): its name and colour. */
  record Series(String name, String color) { }

  private static final int HEIGHT = 320;
  private static final Frame FRAME = new Frame(78, 40, Svg.WIDTH - 98, 210);
  private static final double GROUP_SHARE = 0.8;
  private static final int LABEL_GAP = 16;
  private static final int VALUE_GAP = 3;
  /** Bars narrower than this get no value on top: it would not fit. */
  private static final int LABELLED_BAR = 22;

  private GroupedBarChart() {
  }

  static String render(String id, String title, String axisTitle, List<Series> series, List<Group> groups) {
    double largest = groups.stream().flatMap(group -> group.values().stream())
        .filter(value -> value != null).mapToDouble(Double::doubleValue).max().orElse(0);
    Scale scale = Scale.upTo(largest);
    Svg svg = new Svg(id, title, HEIGHT);
    FRAME.verticalAxis(svg, scale, axisTitle);
    Legend legend = new Legend();
    series.forEach(s -> legend.add(s.color(), s.name()));
    legend.draw(svg, FRAME.left() + 8, Legend.HEIGHT / 2.0 + 4);
    double slot = FRAME.width() / Math.max(1, groups.size());
    double barWidth = slot * GROUP_SHARE / Math.max(1, series.size());
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      double centre = FRAME.left() + slot * (g + 0.5);
      double start = centre - barWidth * series.size() / 2;
      for (int s = 0; s < series.size(); s++) {
        Double value = s < group.values().size() ? group.values().get(s) : null;
        if (value == null) {
          continue;
        }
        double y = FRAME.y(scale, value);
        double x = start + s * barWidth;
        svg.rect(x + 1, y, barWidth - 2, FRAME.bottom() - y, series.get(s).color(),
            group.label() + " " + group.sublabel() + ", " + series.get(s).name() + ": " + Html.quantity(value),
            "class", "bar", "data-label", group.label() + " " + group.sublabel(), "data-series",
            series.get(s).name(), "data-value", Double.toString(value));
        if (barWidth >= LABELLED_BAR) {
          svg.text(x + barWidth / 2, y - VALUE_GAP, "middle", Html.quantity(value), "font-size",
              Integer.toString(Svg.SMALL_FONT));
        }
      }
      if (group.note() != null) {
        svg.text(centre, FRAME.bottom() - VALUE_GAP - 2, "middle", group.note(), "fill", Palette.AXIS, "class", "note");
      }
      svg.text(centre, FRAME.bottom() + LABEL_GAP, "middle", group.label());
      svg.text(centre, FRAME.bottom() + 2 * LABEL_GAP, "middle", group.sublabel(), "font-size",
          Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
    }
    return svg.end();
  }
}

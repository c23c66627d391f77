package io.scatter.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Vertical bars, one per run, each with its value on top; optionally an ideal per bar, drawn as a
 * dashed mark across the bar (wall time divided by workers, speedup equal to workers, the fetch
 * limit), and joined from bar to bar where the runs are steps of one series (modes by workers).
 * Bar heights are in proportion to their values on a value axis from 0.
 */
final class BarChart {

  /**
   * One bar.
   *
   * @param label    the run, first line under the bar ({@code actors})
   * @param sublabel second line ({@code 2 workers}); may be empty
   * @param value    the bar's height in the chart's unit; null draws no bar and shows {@code note}
   * @param ideal    where the bar would be in the ideal case; null for none
   * @param note     why there is no bar ({@code failed}, {@code n/a}); shown only when there is none
   */
  record Bar(String label, String sublabel, Double value, String color, Double ideal, String note) { }

  private static final int HEIGHT = 320;
  private static final Frame FRAME = new Frame(78, 40, Svg.WIDTH - 98, 210);
  private static final double BAR_SHARE = 0.6;
  private static final int MAX_BAR = 90;
  private static final int LABEL_GAP = 16;
  private static final int VALUE_GAP = 5;
  private static final int IDEAL_DOT = 3;
  /** How far an ideal's mark reaches past its bar on either side. */
  private static final int IDEAL_OVERHANG = 8;

  private BarChart() {
  }

  /**
   * @param axisTitle   the value axis' name with its unit ("wall time (s)")
   * @param valueSuffix after each value on its bar ({@code " s"}, {@code "x"})
   * @param idealName   the legend's name for the ideal; null when no bar has one
   * @param joinIdeals  whether a line joins the ideals: not across runs whose ideals are unrelated
   */
  static String render(String id, String title, String axisTitle, String valueSuffix, List<Bar> bars,
      String idealName, boolean joinIdeals) {
    double largest = 0;
    for (Bar bar : bars) {
      largest = Math.max(largest, bar.value() == null ? 0 : bar.value());
      largest = Math.max(largest, bar.ideal() == null ? 0 : bar.ideal());
    }
    Scale scale = Scale.upTo(largest);
    Svg svg = new Svg(id, title, HEIGHT);
    FRAME.verticalAxis(svg, scale, axisTitle);
    boolean anyIdeal = bars.stream().anyMatch(bar -> bar.ideal() != null);
    if (anyIdeal && idealName != null) {
      new Legend().dashed(Palette.IDEAL, idealName).draw(svg, FRAME.left() + 8, Legend.HEIGHT / 2.0 + 4);
    }
    double slot = FRAME.width() / Math.max(1, bars.size());
    double barWidth = Math.min(MAX_BAR, slot * BAR_SHARE);
    List<Double> idealPoints = new ArrayList<>();
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double centre = FRAME.left() + slot * (i + 0.5);
      if (bar.value() != null) {
        double y = FRAME.y(scale, bar.value());
        svg.rect(centre - barWidth / 2, y, barWidth, FRAME.bottom() - y, bar.color(),
            bar.label() + (bar.sublabel().isEmpty() ? "" : ", " + bar.sublabel()) + ": "
                + Html.quantity(bar.value()) + valueSuffix,
            "class", "bar", "data-label", bar.label() + " " + bar.sublabel(), "data-value",
            Double.toString(bar.value()));
        double labelY = y - VALUE_GAP;
        if (bar.ideal() != null) {
          // Above the ideal's mark when that crosses the label, so neither hides the other.
          double idealY = FRAME.y(scale, bar.ideal());
          labelY = idealY < labelY && idealY > labelY - Svg.FONT - 2 ? idealY - VALUE_GAP : labelY;
        }
        svg.text(centre, labelY, "middle", Html.quantity(bar.value()) + valueSuffix);
      }
      if (bar.value() == null && bar.note() != null) {
        svg.text(centre, FRAME.bottom() - VALUE_GAP, "middle", bar.note(), "fill", Palette.AXIS, "class", "note");
      }
      if (bar.ideal() != null) {
        double idealY = FRAME.y(scale, bar.ideal());
        svg.line(centre - barWidth / 2 - IDEAL_OVERHANG, idealY, centre + barWidth / 2 + IDEAL_OVERHANG, idealY,
            Palette.IDEAL, "stroke-width", "2", "stroke-dasharray", Legend.dashes(), "class", "ideal", "data-value",
            Double.toString(bar.ideal()));
        idealPoints.add(centre);
        idealPoints.add(idealY);
      }
      svg.text(centre, FRAME.bottom() + LABEL_GAP, "middle", bar.label());
      svg.text(centre, FRAME.bottom() + 2 * LABEL_GAP, "middle", bar.sublabel(), "font-size",
          Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
    }
    double[] points = idealPoints.stream().mapToDouble(Double::doubleValue).toArray();
    if (joinIdeals && points.length >= 4) {
      svg.shape("polyline", points, null, "fill", "none", "stroke", Palette.IDEAL, "stroke-width", "1",
          "stroke-dasharray", Legend.dashes());
    }
    for (int i = 0; i + 1 < points.length; i += 2) {
      svg.shape("polygon", diamond(points[i], points[i + 1]), null, "fill", Palette.IDEAL);
    }
    return svg.end();
  }

  private static double[] diamond(double x, double y) {
    return new double[] {x, y - IDEAL_DOT, x + IDEAL_DOT, y, x, y + IDEAL_DOT, x - IDEAL_DOT, y};
  }
}

package io.scatter.report;

/**
 * Where a chart plots, inside its {@code <svg>}, and the axes around that area.
 *
 * @param left   x of the plot area's left edge (the value axis of a vertical chart)
 * @param top    y of its top
 * @param width  its width
 * @param height its height; the bottom edge is the base line
 */
record Frame(double left, double top, double width, double height) {

  private static final int TICK = 4;
  private static final int LABEL_GAP = 6;
  /** From the plot area to the axis title beside it. */
  private static final int TITLE_OFFSET = 48;
  /** From the base line to the axis title below it. */
  private static final int BOTTOM_TITLE_OFFSET = 32;

  double bottom() {
    return top + height;
  }

  double right() {
    return left + width;
  }

  /** y of {@code value} on a vertical value axis. */
  double y(Scale scale, double value) {
    return bottom() - scale.fraction(value) * height;
  }

  /** x of {@code value} on a horizontal value axis. */
  double x(Scale scale, double value) {
    return left + scale.fraction(value) * width;
  }

  /** The value axis at the left: gridlines at each tick, tick labels, and its title (the unit). */
  void verticalAxis(Svg svg, Scale scale, String title) {
    for (double tick : scale.ticks()) {
      double y = y(scale, tick);
      svg.line(left, y, right(), y, Palette.GRID);
      svg.line(left - TICK, y, left, y, Palette.AXIS);
      svg.text(left - LABEL_GAP, y + Svg.SMALL_FONT / 2.0 - 1, "end", Html.quantity(tick),
          "font-size", Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
    }
    svg.line(left, top, left, bottom(), Palette.AXIS);
    svg.line(left, bottom(), right(), bottom(), Palette.AXIS);
    double middle = top + height / 2;
    svg.text(left - TITLE_OFFSET, middle, "middle", title, "transform",
        "rotate(-90 " + Html.coordinate(left - TITLE_OFFSET) + " " + Html.coordinate(middle) + ")",
        "fill", Palette.AXIS, "class", "axis-title");
  }

  /** The value axis along the bottom: gridlines at each tick, tick labels, and its title (the unit). */
  void horizontalAxis(Svg svg, Scale scale, String title) {
    for (double tick : scale.ticks()) {
      double x = x(scale, tick);
      svg.line(x, top, x, bottom(), Palette.GRID);
      svg.line(x, bottom(), x, bottom() + TICK, Palette.AXIS);
      svg.text(x, bottom() + TICK + Svg.SMALL_FONT + 2, "middle", Html.quantity(tick),
          "font-size", Integer.toString(Svg.SMALL_FONT), "fill", Palette.AXIS);
    }
    svg.line(left, top, left, bottom(), Palette.AXIS);
    svg.line(left, bottom(), right(), bottom(), Palette.AXIS);
    svg.text(left + width / 2, bottom() + BOTTOM_TITLE_OFFSET, "middle", title, "fill", Palette.AXIS,
        "class", "axis-title");
  }
}

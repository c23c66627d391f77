package io.scatter.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A value axis from 0 to a round maximum, with ticks at 1, 2 or 5 times a power of ten, so the
 * gridlines read as plain numbers. Bars are drawn in proportion to their values on it.
 *
 * @param max  the top of the axis, at least the largest value shown
 * @param step the distance between ticks
 */
record Scale(double max, double step) {

  /** About this many ticks above 0. */
  private static final int TICKS = 5;
  private static final double[] STEPS = {1, 2, 5, 10};

  /** The axis for values up to {@code largest}; an axis up to 1 when there is nothing above 0. */
  static Scale upTo(double largest) {
    if (!(largest > 0) || Double.isInfinite(largest)) {
      return new Scale(1, 1.0 / TICKS);
    }
    double rough = largest / TICKS;
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double step = power;
    for (double multiple : STEPS) {
      if (multiple * power >= rough) {
        step = multiple * power;
        break;
      }
    }
    return new Scale(Math.ceil(largest / step - 1e-9) * step, step);
  }

  /** 0, step, 2 step, ... max. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long count = Math.round(max / step);
    for (long i = 0; i <= count; i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  /** {@code value}'s share of the axis, 0..1 (clamped: nothing is drawn outside it). */
  double fraction(double value) {
    return Math.max(0, Math.min(1, value / max));
  }
}

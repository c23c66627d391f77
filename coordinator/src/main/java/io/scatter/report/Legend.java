package io.scatter.report;

import java.util.ArrayList;
import java.util.List;

/** The key along a chart's top: a swatch and a name per series or mark. */
final class Legend {

  /** How a legend entry is drawn: a filled square, or a dashed line (an ideal, a reference time). */
  enum Swatch { BOX, DASH }

  private record Entry(String color, String label, Swatch swatch) { }

  static final int HEIGHT = 24;
  private static final int SWATCH = 10;
  private static final int GAP = 18;
  /** A generous average: the legend must not overlap itself in any font the reader has. */
  private static final double CHAR_WIDTH = 6.8;
  private static final String DASHES = "5 3";

  private final List<Entry> entries = new ArrayList<>();

  Legend add(String color, String label) {
    entries.add(new Entry(color, label, Swatch.BOX));
    return this;
  }

  Legend dashed(String color, String label) {
    entries.add(new Entry(color, label, Swatch.DASH));
    return this;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Draws the entries left to right from {@code x}, centred on {@code y}. */
  void draw(Svg svg, double x, double y) {
    double at = x;
    for (Entry entry : entries) {
      if (entry.swatch() == Swatch.BOX) {
        svg.rect(at, y - SWATCH / 2.0, SWATCH, SWATCH, entry.color(), null);
      } else {
        svg.line(at - 2, y, at + SWATCH + 2, y, entry.color(), "stroke-width", "2", "stroke-dasharray", DASHES);
      }
      svg.text(at + SWATCH + 4, y + Svg.FONT / 2.0 - 2, "start", entry.label());
      at += SWATCH + 4 + entry.label().length() * CHAR_WIDTH + GAP;
    }
  }

  static String dashes() {
    return DASHES;
  }

  /** Roughly how wide {@code text} is at the chart font: for deciding whether a label fits. */
  static double widthOf(String text) {
    return text.length() * CHAR_WIDTH;
  }
}

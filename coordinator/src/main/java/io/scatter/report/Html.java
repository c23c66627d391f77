package io.scatter.report;

import java.util.Locale;

/**
 * Text made safe for the page, and numbers written the same on every machine. Everything placed in
 * the page goes through {@link #escape}: task names, parameters and fetch URLs are user input, and
 * the same text must also be well-formed XML inside an {@code <svg>}.
 */
final class Html {

  /** Above this, a label is shown without decimals. */
  private static final double WHOLE = 100;
  /** Below this (and above 0), a label gets enough decimals to not read as 0. */
  private static final double SMALL = 0.1;

  private Html() {
  }

  /**
   * HTML- and XML-escaped: {@code & < > " '} as entities both know, and the control characters
   * XML 1.0 forbids replaced by U+FFFD (a tab, newline or carriage return stays).
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < ' ' && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF'
            ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /** A coordinate: two decimals at most, a dot whatever the locale. */
  static String coordinate(double value) {
    String text = String.format(Locale.ROOT, "%.2f", value);
    text = text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    return "-0".equals(text) ? "0" : text;
  }

  /** A value as a label shows it: 1234, 12.3, 1.23, 0.0123. */
  static String quantity(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= WHOLE) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (magnitude >= 1) {
      return trimmed(String.format(Locale.ROOT, "%.2f", value));
    }
    if (magnitude >= SMALL || magnitude == 0) {
      return trimmed(String.format(Locale.ROOT, "%.3f", value));
    }
    return String.format(Locale.ROOT, "%.2g", value);
  }

  /** Without trailing zeros after the point, nor a point with nothing after it: 20.0 is 20, 1.50 is 1.5. */
  private static String trimmed(String decimal) {
    return decimal.replaceAll("\\.?0+$", "");
  }
}

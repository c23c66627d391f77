package io.scatter.report;

/**
 * One {@code <svg>} element written as text: every attribute value and every text escaped, every
 * element closed, so the chart is well-formed XML as well as HTML. Colours are attributes, not
 * classes: a chart copied out of the page looks the same.
 */
final class Svg {

  /** Every chart's width; the page scales it down on a narrow screen. */
  static final int WIDTH = 720;
  static final int FONT = 12;
  static final int SMALL_FONT = 10;

  private final StringBuilder out = new StringBuilder();

  /**
   * @param id    the element's id, unique in the page ({@code chart-wall})
   * @param title what the chart shows, its units included: the {@code <title>} a screen reader reads
   */
  Svg(String id, String title, int height) {
    // xmlns names the namespace; nothing is fetched from it, and it lets the chart stand alone as a file.
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(Html.escape(id))
        .append("\" class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" role=\"img\" aria-labelledby=\"").append(Html.escape(id)).append("-title\" font-family=\"")
        .append("system-ui, sans-serif\" font-size=\"").append(FONT).append("\">\n<title id=\"")
        .append(Html.escape(id)).append("-title\">").append(Html.escape(title)).append("</title>\n");
  }

  /** A rectangle; {@code tooltip} (may be null) becomes its {@code <title>}, shown on hover. */
  Svg rect(double x, double y, double width, double height, String fill, String tooltip, String... attributes) {
    return element("rect", tooltip, with(attributes, "x", c(x), "y", c(y), "width", c(Math.max(0, width)),
        "height", c(Math.max(0, height)), "fill", fill));
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, String... attributes) {
    return element("line", null, with(attributes, "x1", c(x1), "y1", c(y1), "x2", c(x2), "y2", c(y2),
        "stroke", stroke));
  }

  /** A polygon or polyline through {@code points} (x, y, x, y, ...). */
  Svg shape(String element, double[] points, String tooltip, String... attributes) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i + 1 < points.length; i += 2) {
      list.append(i == 0 ? "" : " ").append(c(points[i])).append(',').append(c(points[i + 1]));
    }
    return element(element, tooltip, with(attributes, "points", list.toString()));
  }

  /** A text; {@code anchor} is start, middle or end. */
  Svg text(double x, double y, String anchor, String text, String... attributes) {
    out.append("<text");
    attributes(with(attributes, "x", c(x), "y", c(y), "text-anchor", anchor));
    out.append('>').append(Html.escape(text)).append("</text>\n");
    return this;
  }

  /** The closed element, as text to put in the page. */
  String end() {
    return out + "</svg>";
  }

  private Svg element(String name, String tooltip, String[] attributes) {
    out.append('<').append(name);
    attributes(attributes);
    if (tooltip == null) {
      out.append("/>\n");
    } else {
      out.append("><title>").append(Html.escape(tooltip)).append("</title></").append(name).append(">\n");
    }
    return this;
  }

  private void attributes(String[] pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      out.append(' ').append(pairs[i]).append("=\"").append(Html.escape(pairs[i + 1])).append('"');
    }
  }

  /** The given attributes, then the caller's extra ones. */
  private static String[] with(String[] extra, String... given) {
    String[] all = new String[given.length + extra.length];
    System.arraycopy(given, 0, all, 0, given.length);
    System.arraycopy(extra, 0, all, given.length, extra.length);
    return all;
  }

  private static String c(double value) {
    return Html.coordinate(value);
  }
}

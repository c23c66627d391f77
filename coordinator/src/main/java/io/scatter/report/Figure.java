package io.scatter.report;

/** One chart of the page, or the line that says why it is left out. */
sealed interface Figure {

  /** The chart's element id ({@code chart-wall}), unique in the page. */
  String id();

  /** What it shows, as its caption says. */
  String heading();

  /** A drawn chart: an {@code <svg>} element as text. */
  record Chart(String id, String heading, String svg) implements Figure { }

  /** A chart with no data in the report, and why. */
  record Absent(String id, String heading, String why) implements Figure { }
}

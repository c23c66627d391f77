package io.scatter.report;

import java.util.List;
import java.util.Map;

/** Colours: one per execution mode wherever it appears, and a cycle for series with no fixed colour. */
final class Palette {

  static final String AXIS = "#555555";
  static final String GRID = "#e3e3e3";
  static final String IDEAL = "#222222";
  static final String FAULT = "#d62728";
  static final String FAULT_SPAN = "#f4b6b6";
  static final String DETECTED = "#ff9f1c";
  static final String REDISPATCHED = "#2ca02c";
  static final String LEFT = "#1f77b4";
  static final String BASELINE = "#7f7f7f";

  private static final Map<String, String> MODES = Map.of(
      "sequential", "#8c8c8c", "threads", "#4e79a7", "actors", "#f28e2b", "cluster", "#59a14f");

  /** Tableau 10: distinct at a glance, and readable by most colour-blind readers. */
  private static final List<String> CYCLE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

  private Palette() {
  }

  /** The mode's colour; any other label, a colour of the cycle picked by its position. */
  static String mode(String mode, int position) {
    return MODES.getOrDefault(mode, cycle(position));
  }

  static String cycle(int position) {
    return CYCLE.get(Math.floorMod(position, CYCLE.size()));
  }
}

package io.scatter.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Wall times of the same job run without faults, several times: one run cannot tell a fault's
 * cost from the run-to-run variation of a cluster sharing its cores with everything else.
 *
 * @param runsSeconds each fault-free run's wall time, in the order they ran
 */
public record Baseline(List<Double> runsSeconds) {

  public Baseline {
    if (runsSeconds.isEmpty()) {
      throw new IllegalArgumentException("a baseline needs at least one run");
    }
    runsSeconds = List.copyOf(runsSeconds);
  }

  @JsonProperty
  public double min() {
    return sorted().get(0);
  }

  @JsonProperty
  public double max() {
    List<Double> sorted = sorted();
    return sorted.get(sorted.size() - 1);
  }

  /** The middle run; with an even count, the mean of the two middle ones. */
  @JsonProperty
  public double median() {
    List<Double> sorted = sorted();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** Whether a run of {@code seconds} is no slower than the slowest fault-free run: no cost to speak of. */
  public boolean covers(double seconds) {
    return seconds <= max();
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(runsSeconds);
    Collections.sort(sorted);
    return sorted;
  }
}

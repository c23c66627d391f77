package io.scatter.node.fetch;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How many URLs ended each way: per HTTP status for responses, per error kind otherwise.
 *
 * @param ok       responses with a 2xx status
 * @param outcomes statuses in numeric order, then error kinds in alphabetical order
 */
public record FetchTally(long urls, long ok, long bytes, Map<String, Long> outcomes) {

  /** Statuses (three digits) before error kinds; each group in its natural order. */
  private static final Comparator<String> STATUSES_FIRST = Comparator
      .comparing((String outcome) -> !isStatus(outcome))
      .thenComparing(Comparator.naturalOrder());

  private static final int FIRST_SUCCESS = 200;
  private static final int FIRST_REDIRECT = 300;
  /** 2xx, 3xx, ...: a status class is a hundred codes wide. */
  private static final int CLASS_WIDTH = 100;

  public FetchTally {
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  public static FetchTally of(List<FetchResult> results) {
    Map<String, Long> outcomes = new TreeMap<>(STATUSES_FIRST);
    long ok = 0;
    long bytes = 0;
    for (FetchResult result : results) {
      outcomes.merge(result.outcome(), 1L, Long::sum);
      bytes += result.bytes();
      if (result.isResponse() && result.status() >= FIRST_SUCCESS && result.status() < FIRST_REDIRECT) {
        ok++;
      }
    }
    return new FetchTally(results.size(), ok, bytes, outcomes);
  }

  /** URLs that gave no whole response. */
  public long errors() {
    return errors(outcomes);
  }

  /** URLs without a whole response in counts per outcome. */
  public static long errors(Map<String, Long> outcomes) {
    return errorKinds(outcomes).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The error kinds of counts per outcome, with their counts, in the same order. */
  public static Map<String, Long> errorKinds(Map<String, Long> outcomes) {
    Map<String, Long> kinds = new LinkedHashMap<>();
    outcomes.forEach((outcome, count) -> {
      if (!isStatus(outcome)) {
        kinds.put(outcome, count);
      }
    });
    return kinds;
  }

  /**
   * Whole responses whose status is in one class of a hundred: {@code inClass(outcomes, 3)} counts
   * the 3xx. With {@link #errors(Map)} the classes 1..9 add up to every URL.
   */
  public static long inClass(Map<String, Long> outcomes, int hundreds) {
    return outcomes.entrySet().stream()
        .filter(e -> isStatus(e.getKey()) && Integer.parseInt(e.getKey()) / CLASS_WIDTH == hundreds)
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** "200 x9,998, 404 x1, timeout x1". */
  public String describe() {
    return describe(outcomes);
  }

  /** Counts per outcome as {@link #describe()} writes them. */
  public static String describe(Map<String, Long> outcomes) {
    return outcomes.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s x%,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** Statuses are 100..599, so three digits compare numerically as text. */
  private static boolean isStatus(String outcome) {
    return !outcome.isEmpty() && outcome.chars().allMatch(Character::isDigit);
  }
}

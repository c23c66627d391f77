package io.scatter.node;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The known key a mistyped one most likely meant: a few letters off, or the same name in another block. */
final class Suggestion {

  private Suggestion() {
  }

  static Optional<String> closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(typed, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // Two slips, or a third for long names; further off, a guess misleads more than it helps.
    if (best != null && bestDistance <= Math.max(2, lastName(typed).length() / 4)) {
      return Optional.of(best);
    }
    String name = lastName(typed);
    List<String> sameName = known.stream().filter(k -> lastName(k).equals(name)).toList();
    return sameName.size() == 1 ? Optional.of(sameName.get(0)) : Optional.empty();
  }

  private static String lastName(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

package io.scatter.cli;

import java.util.Locale;

/** A count and its noun as people write them: "1 URL", "2 URLs", "1 batch", "10,000 batches". */
final class Plural {

  private Plural() {
  }

  /** {@code noun} plus "s" for any count but one. */
  static String of(long count, String noun) {
    return of(count, noun, noun + "s");
  }

  static String of(long count, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? one : many);
  }
}

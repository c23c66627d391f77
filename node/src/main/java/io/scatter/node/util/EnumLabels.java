package io.scatter.node.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The lower-case names by which users choose an enum constant on the command line or in a task
 * parameter ({@code --mode actors}, {@code --io async}), and parsing them back.
 */
public final class EnumLabels {

  private EnumLabels() {
  }

  /** {@code ACTORS} -> {@code actors}. */
  public static String label(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant labelled {@code text}, ignoring case and surrounding blanks.
   *
   * @param what what the constants are, for the message: "mode", "I/O style"
   * @throws IllegalArgumentException naming {@code text} and listing the labels
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (label(constant).equals(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of: " + labels(type));
  }

  /** Every label in declaration order: "sequential, threads, actors, cluster". */
  public static String labels(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(EnumLabels::label).collect(Collectors.joining(", "));
  }
}

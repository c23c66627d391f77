package io.scatter.node;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of durations and sizes, for flags and for {@code scatter.*} settings alike: a
 * number and a unit, nothing else. HOCON alone would read a bare {@code 5} as 5 ms, which nobody
 * who typed {@code --timeout 5} meant, so a duration needs its unit. A bare size is a count of
 * bytes, which is what a size without a unit means to everyone.
 */
public final class Units {

  private static final Pattern QUANTITY = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

  private Units() {
  }

  /** How a text falls short of a duration. */
  public enum Problem {
    /** A plain number: it would silently be milliseconds. */
    NO_UNIT,
    /** Not a number and a unit at all, or an unknown unit. */
    MALFORMED
  }

  /** A text read as a quantity, or why it is not one. */
  public record Parsed<T>(Optional<T> value, Optional<Problem> problem) {
    static <T> Parsed<T> ok(T value) {
      return new Parsed<>(Optional.of(value), Optional.empty());
    }

    static <T> Parsed<T> bad(Problem problem) {
      return new Parsed<>(Optional.empty(), Optional.of(problem));
    }
  }

  /** "30s", "250ms", "1.5 h" (HOCON's units: ns, us, ms, s, m, h, d and their long names). */
  public static Parsed<Duration> duration(String text) {
    Matcher m = QUANTITY.matcher(text.strip());
    if (!m.matches()) {
      return Parsed.bad(Problem.MALFORMED);
    }
    if (m.group(2).isEmpty()) {
      return Parsed.bad(Problem.NO_UNIT);
    }
    try {
      // The text is only a number and letters by now; HOCON knows the units' names.
      return Parsed.ok(ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(m.group(1) + m.group(2)))
          .getDuration("v"));
    } catch (ConfigException e) {
      return Parsed.bad(Problem.MALFORMED);
    }
  }

  /** "16MiB", "512 KiB", "1048576" (bytes). Empty when the text is not a size. */
  public static Optional<Long> bytes(String text) {
    Matcher m = QUANTITY.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(m.group(1) + m.group(2)))
          .getBytes("v"));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }
}

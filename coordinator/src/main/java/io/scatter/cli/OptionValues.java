package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.function.Function;

/** Command-line values written the way conf/ writes them (HOCON durations and sizes), checked positive. */
final class OptionValues {

  private OptionValues() {
  }

  /** "30s", "2m", "250ms". */
  static Duration positiveDuration(String option, String text) {
    Duration parsed = parse(option, text, c -> c.getDuration("v"), "a duration (try 30s or 2m)");
    if (parsed.isNegative() || parsed.isZero()) {
      throw new UserInputException(option + " must be positive, got " + text);
    }
    return parsed;
  }

  /** "16MiB", "512KiB", "1048576". */
  static long positiveBytes(String option, String text) {
    long parsed = parse(option, text, c -> c.getBytes("v"), "a size in bytes (try 1048576, 512KiB or 16MiB)");
    if (parsed < 1) {
      throw new UserInputException(option + " must be at least 1 byte, got " + text);
    }
    return parsed;
  }

  /** Reads {@code text} as the HOCON value {@code v}; quoted, so no text can add keys of its own. */
  private static <T> T parse(String option, String text, Function<Config, T> read, String expected) {
    try {
      return read.apply(ConfigFactory.parseString("v = \"" + text + "\""));
    } catch (ConfigException e) {
      throw new UserInputException(option + " '" + text + "' is not " + expected);
    }
  }
}

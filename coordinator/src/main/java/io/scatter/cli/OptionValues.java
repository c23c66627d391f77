package io.scatter.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/** Command-line values written the way conf/ writes them (HOCON durations and sizes), checked positive. */
final class OptionValues {

  private OptionValues() {
  }

  /** "30s", "2m", "250ms". */
  static Duration positiveDuration(String option, String text) {
    Duration parsed;
    try {
      parsed = ConfigFactory.parseString("d = \"" + text + "\"").getDuration("d");
    } catch (ConfigException e) {
      throw new UserInputException(option + " '" + text + "' is not a duration (try 30s or 2m)");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new UserInputException(option + " must be positive, got " + text);
    }
    return parsed;
  }

  /** "16MiB", "512k", "1048576". */
  static long positiveBytes(String option, String text) {
    long parsed;
    try {
      parsed = ConfigFactory.parseString("b = \"" + text + "\"").getBytes("b");
    } catch (ConfigException e) {
      throw new UserInputException(option + " '" + text + "' is not a size in bytes (try 1048576, 512KiB or 16MiB)");
    }
    if (parsed < 1) {
      throw new UserInputException(option + " must be at least 1 byte, got " + text);
    }
    return parsed;
  }
}

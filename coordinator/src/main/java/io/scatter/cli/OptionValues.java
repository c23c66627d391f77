package io.scatter.cli;

import io.scatter.node.Units;
import java.time.Duration;

/**
 * Command-line durations and sizes, read by {@link Units} as the {@code scatter.*} settings are: a
 * number and a unit, never spliced into HOCON text. Checked positive.
 */
final class OptionValues {

  private OptionValues() {
  }

  /** "30s", "2m", "250ms"; a bare number is refused, since nobody can tell what unit it meant. */
  static Duration positiveDuration(String option, String text) {
    Units.Parsed<Duration> parsed = Units.duration(text);
    if (parsed.problem().filter(p -> p == Units.Problem.NO_UNIT).isPresent()) {
      throw new UserInputException(option + " needs a unit, e.g. 5s or 500ms, got '" + text + "'");
    }
    Duration duration = parsed.value().orElseThrow(
        () -> new UserInputException(option + " '" + text + "' is not a duration (try 30s, 500ms or 2m)"));
    if (duration.isNegative() || duration.isZero()) {
      throw new UserInputException(option + " must be positive, got " + text);
    }
    return duration;
  }

  /** "16MiB", "512KiB", "1048576" (bytes). */
  static long positiveBytes(String option, String text) {
    long parsed = Units.bytes(text).orElseThrow(() -> new UserInputException(
        option + " '" + text + "' is not a size in bytes (try 1048576, 512KiB or 16MiB)"));
    if (parsed < 1) {
      throw new UserInputException(option + " must be at least 1 byte, got " + text);
    }
    return parsed;
  }
}

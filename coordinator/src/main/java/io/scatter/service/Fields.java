package io.scatter.service;

import io.scatter.node.Units;
import java.math.BigDecimal;
import java.time.Duration;

/** Checks of single {@link JobRequest} fields, each failure blaming its field. */
final class Fields {

  private Fields() {
  }

  static long atLeast(String field, long value, long min) {
    if (value < min) {
      throw new JobRequestException(field, "{" + field + "} must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** "30s", "2m", "250ms"; a bare number is refused, since nobody can tell what unit it meant. */
  static Duration positiveDuration(String field, String text) {
    Units.Parsed<Duration> parsed = Units.duration(text);
    if (parsed.problem().filter(p -> p == Units.Problem.NO_UNIT).isPresent()) {
      throw new JobRequestException(field, "{" + field + "} needs a unit, e.g. 5s or 500ms, got '" + text + "'");
    }
    Duration duration = parsed.value().orElseThrow(() -> new JobRequestException(field,
        "{" + field + "} '" + text + "' is not a duration (try 30s, 500ms or 2m)"));
    if (duration.isNegative() || duration.isZero()) {
      throw new JobRequestException(field, "{" + field + "} must be positive, got " + text);
    }
    return duration;
  }

  /** "16MiB", "512KiB", "1048576" (bytes). */
  static long positiveBytes(String field, String text) {
    long parsed = Units.bytes(text).orElseThrow(() -> new JobRequestException(field,
        "{" + field + "} '" + text + "' is not a size in bytes (try 1048576, 512KiB or 16MiB)"));
    if (parsed < 1) {
      throw new JobRequestException(field, "{" + field + "} must be at least 1 byte, got " + text);
    }
    return parsed;
  }

  /** {@code min <= value <= max}; NaN is refused with the rest. */
  static double between(String field, double value, double min, double max, String meaning) {
    if (!(value >= min && value <= max)) {
      throw new JobRequestException(field, "{" + field + "} must be a number from " + show(min) + " to " + show(max)
          + " (" + meaning + "), got " + show(value));
    }
    return value;
  }

  /** 1 rather than 1.0, 0.5 as itself; 1.0E300 as that, not as its 301 digits. */
  static String show(double value) {
    return Double.isFinite(value) && Math.abs(value) < 1e15
        ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
  }
}

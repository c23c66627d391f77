package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A value from its flag or, when the flag was not given, from its {@code scatter.*} setting, with
 * the name a message should blame: "--partitions", or "scatter.job.partitions in /tmp/x.conf:2",
 * since a user who never typed --partitions would look for it in vain.
 *
 * @param shown the value as written, for messages
 */
record Setting<T>(T value, String name, String shown) {

  static <T> Setting<T> flagOr(String flag, T given, Config config, String key, BiFunction<Config, String, T> read) {
    return given != null ? flag(flag, given) : config(config, key, read);
  }

  static <T> Setting<T> flag(String flag, T given) {
    return new Setting<>(given, flag, String.valueOf(given));
  }

  static <T> Setting<T> config(Config config, String key, BiFunction<Config, String, T> read) {
    return new Setting<>(read.apply(config, key), key + " " + ScatterConfig.where(config, key),
        String.valueOf(config.getValue(key).unwrapped()));
  }

  /** The value, if {@code ok}; otherwise "NAME must be RULE, got VALUE" as bad input. */
  T require(Predicate<T> ok, String rule) {
    if (!ok.test(value)) {
      throw new UserInputException(name + " must be " + rule + ", got " + shown);
    }
    return value;
  }

  /** A whole number at least {@code min}. */
  long atLeast(long min) {
    return ((Number) require(v -> ((Number) v).longValue() >= min, "at least " + min)).longValue();
  }
}

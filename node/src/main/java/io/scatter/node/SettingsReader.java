package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Reads the settings of one {@code scatter.*} block for its settings record, checking each value's
 * range as it goes, so a bad one fails once, at start, in one line naming the key, where it was set
 * and what it should hold ("scatter.chaos.answer-wait in /tmp/x.conf:3 must be positive, got -1s").
 * {@link SettingsCheck} has already refused unknown keys and values of the wrong type.
 */
public final class SettingsReader {

  private static final int MAX_PORT = 65_535;

  private final Config config;
  private final String block;

  private SettingsReader(Config config, String block) {
    this.config = config;
    this.block = block;
  }

  /** @param block the block's path, e.g. {@code scatter.chaos}; keys are read relative to it */
  public static SettingsReader of(Config config, String block) {
    return new SettingsReader(config, block);
  }

  public Duration positive(String key) {
    return read(key, Config::getDuration, d -> !d.isNegative() && !d.isZero(), "be positive");
  }

  public Duration notNegative(String key) {
    return read(key, Config::getDuration, d -> !d.isNegative(), "not be negative");
  }

  public int atLeast(String key, int min) {
    return read(key, Config::getInt, n -> n >= min, "be at least " + min);
  }

  public long atLeast(String key, long min) {
    return read(key, Config::getLong, n -> n >= min, "be at least " + min);
  }

  public int port(String key) {
    return read(key, Config::getInt, n -> n >= 0 && n <= MAX_PORT, "be between 0 and " + MAX_PORT);
  }

  public boolean flag(String key) {
    return read(key, Config::getBoolean, b -> true, "");
  }

  public String text(String key) {
    return read(key, Config::getString, s -> true, "");
  }

  /**
   * {@code key}'s value, if it keeps {@code rule}; else the one-line failure.
   *
   * @param rule what follows "must", e.g. "be at least 1 (or 0 for one per core)"
   */
  public <T> T read(String key, BiFunction<Config, String, T> getter, Predicate<T> ok, String rule) {
    T value;
    try {
      value = getter.apply(config, path(key));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
    if (!ok.test(value)) {
      throw refuse(key, rule);
    }
    return value;
  }

  /** The block's key in full. */
  public String path(String key) {
    return block + "." + key;
  }

  /** The one-line failure for {@code key}, whose value breaks {@code rule} (a rule of two keys, say). */
  public IllegalArgumentException refuse(String key, String rule) {
    String path = path(key);
    return new IllegalArgumentException(path + " " + ScatterConfig.where(config, path) + " must " + rule + ", got "
        + config.getValue(path).unwrapped());
  }
}

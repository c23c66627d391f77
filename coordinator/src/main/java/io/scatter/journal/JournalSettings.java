package io.scatter.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.node.ScatterConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code scatter.journal} block, read once and checked when a coordinator starts.
 *
 * @param location        empty: no journal; a folder (embedded H2) or a {@code jdbc:} URL
 * @param snapshotEvery   journal events between two snapshots of a running job's results
 * @param maxResults      a job of more partitions keeps no results (bounds the journal's memory per job)
 * @param resultsEvery    a running job's results are written at most this often
 * @param writeTimeout    how long a submission waits for its write before it is refused
 * @param recoveryTimeout how long a start waits to read the journal back
 */
public record JournalSettings(Optional<String> location, String user, String password, int snapshotEvery,
    long maxResults, Duration resultsEvery, Duration writeTimeout, Duration recoveryTimeout) {

  static final String LOCATION = "scatter.journal.location";
  static final String SNAPSHOT_EVERY = "scatter.journal.snapshot-every";
  static final String MAX_RESULTS = "scatter.journal.max-results";
  static final String RESULTS_EVERY = "scatter.journal.results-every";
  static final String WRITE_TIMEOUT = "scatter.journal.write-timeout";
  static final String RECOVERY_TIMEOUT = "scatter.journal.recovery-timeout";

  public JournalSettings {
    location = location.filter(where -> !where.isBlank());
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshotEvery must be at least 1, got " + snapshotEvery);
    }
    if (maxResults < 0) {
      throw new IllegalArgumentException("maxResults must not be negative, got " + maxResults);
    }
    if (resultsEvery.isNegative()) {
      throw new IllegalArgumentException("resultsEvery must not be negative, got " + resultsEvery);
    }
    if (writeTimeout.isNegative() || writeTimeout.isZero() || recoveryTimeout.isNegative() || recoveryTimeout.isZero()) {
      throw new IllegalArgumentException("the journal's timeouts must be positive");
    }
  }

  /** The same settings with the journal at {@code where} (a flag's value wins over the file's). */
  public JournalSettings at(String where) {
    return new JournalSettings(Optional.of(where), user, password, snapshotEvery, maxResults, resultsEvery,
        writeTimeout, recoveryTimeout);
  }

  /** @throws IllegalArgumentException one line naming the setting, where it was set and what it should hold */
  public static JournalSettings from(Config config) {
    try {
      int every = config.getInt(SNAPSHOT_EVERY);
      if (every < 1) {
        throw new IllegalArgumentException(SNAPSHOT_EVERY + " " + ScatterConfig.where(config, SNAPSHOT_EVERY)
            + " must be at least 1, got " + every);
      }
      long maxResults = config.getLong(MAX_RESULTS);
      if (maxResults < 0) {
        throw new IllegalArgumentException(MAX_RESULTS + " " + ScatterConfig.where(config, MAX_RESULTS)
            + " must not be negative, got " + maxResults);
      }
      Duration resultsEvery = config.getDuration(RESULTS_EVERY);
      if (resultsEvery.isNegative()) {
        throw new IllegalArgumentException(RESULTS_EVERY + " " + ScatterConfig.where(config, RESULTS_EVERY)
            + " must not be negative, got " + config.getValue(RESULTS_EVERY).unwrapped());
      }
      return new JournalSettings(Optional.of(config.getString(LOCATION)), config.getString("scatter.journal.user"),
          config.getString("scatter.journal.password"), every, maxResults, resultsEvery,
          positive(config, WRITE_TIMEOUT), positive(config, RECOVERY_TIMEOUT));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ScatterConfig.describe(e), e);
    }
  }

  private static Duration positive(Config config, String key) {
    Duration value = config.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " " + ScatterConfig.where(config, key) + " must be positive, got "
          + config.getValue(key).unwrapped());
    }
    return value;
  }
}

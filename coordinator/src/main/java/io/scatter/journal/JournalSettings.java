package io.scatter.journal;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
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
    SettingsReader journal = SettingsReader.of(config, "scatter.journal");
    return new JournalSettings(Optional.of(journal.text("location")), journal.text("user"), journal.text("password"),
        journal.atLeast("snapshot-every", 1), journal.atLeast("max-results", 0L), journal.notNegative("results-every"),
        journal.positive("write-timeout"), journal.positive("recovery-timeout"));
  }
}

package io.scatter.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A journal's tables changed behind its back, as a database that fails its writes looks to the journal. */
public final class JournalTables {

  private JournalTables() {
  }

  /** Renames the events' table: every write of the journal at {@code settings} fails until it is back. */
  public static void takeAwayEvents(JournalSettings settings) throws SQLException {
    rename(settings, "event_journal", "event_journal_away");
  }

  public static void bringBackEvents(JournalSettings settings) throws SQLException {
    rename(settings, "event_journal_away", "event_journal");
  }

  private static void rename(JournalSettings settings, String from, String to) throws SQLException {
    JournalDatabase database = JournalDatabase.at(settings.location().orElseThrow(), settings.user(),
        settings.password());
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
         Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
    }
  }
}

package io.scatter.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where a journal lives and what it takes to open it: a folder holds an embedded H2 database (the
 * default: nothing to install or start), a {@code jdbc:postgresql:} URL a PostgreSQL database. Creates
 * pekko-persistence-jdbc's tables if they are missing and stamps the journal with its format, so a
 * journal that another version of scatter wrote is refused at start instead of misread.
 */
record JournalDatabase(String url, String user, String password, String slickProfile, String driver) {

  /**
   * The journal's format: the tables below and the records {@link JournalSerializer} writes. A journal
   * stamped with another is not opened (nor changed).
   */
  // 2: a job's submission is kept with its id, in the registry; 3: small jobs end there too; 4: results
  // whose values are longs are written as longs
  static final int FORMAT = 4;

  /**
   * Older formats this scatter still reads, and upgrades by its stamp when it opens one: formats 3 and 4
   * only added records, so the older ones read as they were (an older scatter then refuses the journal
   * by its stamp rather than misreading the new records).
   */
  static final java.util.Set<Integer> UPGRADES_FROM = java.util.Set.of(2, 3);

  /**
   * Lower-case names, as pekko-persistence-jdbc's schema quotes them; and each commit written to the
   * file as it happens (H2 otherwise keeps commits in memory for up to 500 ms, which a kill -9 loses:
   * a job a client was told of must survive one). Not closed by H2's own shutdown hook: on Ctrl-C
   * that races the command's, which still writes the results handed over before it closes the journal.
   */
  private static final String H2_OPTIONS = ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
      + ";MAX_LENGTH_INPLACE_LOB=65536";

  /**
   * A file in an embedded journal's folder that says the folder is deleted once its coordinator has
   * stopped ({@code cluster down} without {@code --keep-journal}): nothing reads the journal again, so its
   * close skips the compaction H2 makes on close, about 100 ms of every such stop.
   */
  static final String DISCARDED = "discarded";

  /** @throws IllegalArgumentException naming the location when it is neither a folder nor a supported URL */
  static JournalDatabase at(String location, String user, String password) {
    if (location.startsWith("jdbc:postgresql:")) {
      return new JournalDatabase(location, user, password, "slick.jdbc.PostgresProfile$", "org.postgresql.Driver");
    }
    if (location.startsWith("jdbc:h2:")) {
      return new JournalDatabase(location, user, password, "slick.jdbc.H2Profile$", "org.h2.Driver");
    }
    if (location.startsWith("jdbc:")) {
      throw new IllegalArgumentException("journal " + location
          + ": only jdbc:postgresql: and jdbc:h2: URLs are supported, or a folder for an embedded journal");
    }
    Path folder = Path.of(location).toAbsolutePath().normalize();
    return new JournalDatabase("jdbc:h2:file:" + folder.resolve("journal") + H2_OPTIONS, user, password,
        "slick.jdbc.H2Profile$", "org.h2.Driver");
  }

  boolean embedded() {
    return url.startsWith("jdbc:h2:file:");
  }

  /** What to call the journal in a message: the folder or URL, without credentials. */
  String describe() {
    if (embedded()) {
      return url.substring("jdbc:h2:file:".length(), url.length() - H2_OPTIONS.length() - "/journal".length());
    }
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** Whether this is an embedded journal whose folder is deleted after this close ({@link #DISCARDED}). */
  boolean discarded() {
    return embedded() && Files.exists(discardedMark());
  }

  /** Where an embedded journal's {@link #DISCARDED} mark is. */
  private Path discardedMark() {
    return Path.of(describe()).resolve(DISCARDED);
  }

  /**
   * Closes an embedded database at once, without the compaction of its last connection's close. Nothing
   * is lost that a reader could see: each commit is written as it happens ({@code WRITE_DELAY=0}).
   */
  void closeWithoutCompaction() {
    try (Connection connection = DriverManager.getConnection(url, user, password);
         Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException e) {
      // Closed as usual then, when the journal's connections close: slower, never wrong.
    }
  }

  /**
   * Creates the folder (owner only) and the tables where missing, and checks the format stamp.
   *
   * @throws IllegalStateException one line naming the journal and what is wrong with it
   */
  void prepare() {
    if (embedded()) {
      createFolder(Path.of(describe()));
      try {
        // Left by a `cluster down` that stopped before deleting the folder: this coordinator keeps it.
        Files.deleteIfExists(discardedMark());
      } catch (IOException e) {
        throw new IllegalStateException("journal " + describe() + ": cannot remove " + DISCARDED + ": " + e.getMessage(), e);
      }
    }
    try (Connection connection = DriverManager.getConnection(url, user, password);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS scatter_journal_format (format INTEGER NOT NULL)");
      Integer stamped = null;
      try (ResultSet rows = statement.executeQuery("SELECT format FROM scatter_journal_format")) {
        if (rows.next()) {
          stamped = rows.getInt(1);
        }
      }
      if (stamped != null && stamped != FORMAT && !UPGRADES_FROM.contains(stamped)) {
        throw new IllegalStateException("journal " + describe() + " was written in journal format " + stamped
            + "; this scatter reads formats 2 to " + FORMAT
            + ": not used, and nothing in it was changed");
      }
      for (String ddl : embedded() || url.startsWith("jdbc:h2:") ? H2_SCHEMA : POSTGRES_SCHEMA) {
        statement.execute(ddl);
      }
      if (stamped == null) {
        statement.execute("INSERT INTO scatter_journal_format (format) VALUES (" + FORMAT + ")");
      } else if (stamped != FORMAT) {
        statement.execute("UPDATE scatter_journal_format SET format = " + FORMAT);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("journal " + describe() + " cannot be opened: " + firstLine(e), e);
    }
  }

  /**
   * Rows of one job that nothing will read again: its snapshots, and its events before {@code keepFrom}
   * ({@code Long.MAX_VALUE}: all of them).
   */
  record Doomed(String persistenceId, long keepFrom) { }

  /**
   * Deletes the rows {@code doomed} names, in one transaction. The names are quoted in lower case,
   * which both schemas below use (PostgreSQL folds its unquoted names so).
   *
   * @throws IllegalStateException when the database refused
   */
  void erase(List<Doomed> doomed) {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      connection.setAutoCommit(false);
      try (var events = connection.prepareStatement(
          "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" < ?");
           var snapshots = connection.prepareStatement("DELETE FROM \"snapshot\" WHERE \"persistence_id\" = ?")) {
        for (Doomed rows : doomed) {
          events.setString(1, rows.persistenceId());
          events.setLong(2, rows.keepFrom());
          events.addBatch();
          snapshots.setString(1, rows.persistenceId());
          snapshots.addBatch();
        }
        events.executeBatch();
        snapshots.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("journal " + describe() + ": " + firstLine(e), e);
    }
  }

  private static void createFolder(Path folder) {
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder);
        try {
          Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: its own rules apply.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("journal " + folder + " cannot be created: " + e.getMessage(), e);
    }
  }

  /** H2's messages run to several lines with a URL to its docs; the first line says what happened. */
  static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  /**
   * pekko-persistence-jdbc 1.1's H2 schema (core/src/main/resources/schema/h2), journal and snapshots
   * only, without its second index on "ordering".
   */
  private static final List<String> H2_SCHEMA = List.of("""
      CREATE TABLE IF NOT EXISTS PUBLIC."event_journal" (
        "ordering" BIGINT UNIQUE NOT NULL AUTO_INCREMENT,
        "deleted" BOOLEAN DEFAULT false NOT NULL,
        "persistence_id" VARCHAR(255) NOT NULL,
        "sequence_number" BIGINT NOT NULL,
        "writer" VARCHAR NOT NULL,
        "write_timestamp" BIGINT NOT NULL,
        "adapter_manifest" VARCHAR NOT NULL,
        "event_payload" BLOB NOT NULL,
        "event_ser_id" INTEGER NOT NULL,
        "event_ser_manifest" VARCHAR NOT NULL,
        "meta_payload" BLOB,
        "meta_ser_id" INTEGER,
        "meta_ser_manifest" VARCHAR,
        PRIMARY KEY("persistence_id","sequence_number"))""",
      // The schema's own index on "ordering" duplicates the one its UNIQUE already makes, and every write
      // paid for both (a B-tree more in each commit's chunk); a journal made before loses it here.
      "DROP INDEX IF EXISTS PUBLIC.\"event_journal_ordering_idx\"",
      """
      CREATE TABLE IF NOT EXISTS PUBLIC."event_tag" (
        "event_id" BIGINT NOT NULL,
        "tag" VARCHAR NOT NULL,
        PRIMARY KEY("event_id", "tag"),
        CONSTRAINT fk_event_journal FOREIGN KEY("event_id") REFERENCES "event_journal"("ordering") ON DELETE CASCADE)""",
      """
      CREATE TABLE IF NOT EXISTS PUBLIC."snapshot" (
        "persistence_id" VARCHAR(255) NOT NULL,
        "sequence_number" BIGINT NOT NULL,
        "created" BIGINT NOT NULL,
        "snapshot_ser_id" INTEGER NOT NULL,
        "snapshot_ser_manifest" VARCHAR NOT NULL,
        "snapshot_payload" BLOB NOT NULL,
        "meta_ser_id" INTEGER,
        "meta_ser_manifest" VARCHAR,
        "meta_payload" BLOB,
        PRIMARY KEY("persistence_id","sequence_number"))""");

  /** pekko-persistence-jdbc 1.1's PostgreSQL schema (core/src/main/resources/schema/postgres), journal and snapshots only. */
  private static final List<String> POSTGRES_SCHEMA = List.of("""
      CREATE TABLE IF NOT EXISTS public.event_journal (
        ordering BIGSERIAL,
        persistence_id VARCHAR(255) NOT NULL,
        sequence_number BIGINT NOT NULL,
        deleted BOOLEAN DEFAULT FALSE NOT NULL,
        writer VARCHAR(255) NOT NULL,
        write_timestamp BIGINT,
        adapter_manifest VARCHAR(255),
        event_ser_id INTEGER NOT NULL,
        event_ser_manifest VARCHAR(255) NOT NULL,
        event_payload BYTEA NOT NULL,
        meta_ser_id INTEGER,
        meta_ser_manifest VARCHAR(255),
        meta_payload BYTEA,
        PRIMARY KEY(persistence_id, sequence_number))""",
      "CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON public.event_journal(ordering)",
      """
      CREATE TABLE IF NOT EXISTS public.event_tag (
        event_id BIGINT,
        tag VARCHAR(256),
        PRIMARY KEY(event_id, tag),
        CONSTRAINT fk_event_journal FOREIGN KEY(event_id) REFERENCES event_journal(ordering) ON DELETE CASCADE)""",
      """
      CREATE TABLE IF NOT EXISTS public.snapshot (
        persistence_id VARCHAR(255) NOT NULL,
        sequence_number BIGINT NOT NULL,
        created BIGINT NOT NULL,
        snapshot_ser_id INTEGER NOT NULL,
        snapshot_ser_manifest VARCHAR(255) NOT NULL,
        snapshot_payload BYTEA NOT NULL,
        meta_ser_id INTEGER,
        meta_ser_manifest VARCHAR(255),
        meta_payload BYTEA,
        PRIMARY KEY(persistence_id, sequence_number))""");
}

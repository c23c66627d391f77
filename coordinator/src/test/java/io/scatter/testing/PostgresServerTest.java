package io.scatter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness the journal's PostgreSQL tests stand on: a real server, reached as the product reaches one, gone after. */
final class PostgresServerTest {

  private static PostgresServer shared;

  @BeforeAll
  static void startShared() {
    shared = PostgresServer.startOrSkip();
  }

  @AfterAll
  static void stopShared() throws Exception {
    if (shared != null) {
      shared.close();
    }
  }

  @Test
  void keepsRowsAndLeavesNoProcessPortOrFolderWhenClosed() throws Exception {
    PostgresServer server = PostgresServer.startOrSkip();
    List<ProcessHandle> processes = new ArrayList<>();
    // A client still connected when the test ends must not keep the server, nor make close wait for it.
    Connection leftOpen = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    try (server; Statement statement = leftOpen.createStatement()) {
      statement.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL)");
      statement.executeUpdate("INSERT INTO events VALUES (1, 'job-submitted')");
      try (Connection other = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
          ResultSet rows = other.createStatement().executeQuery("SELECT id, payload FROM events")) {
        assertTrue(rows.next());
        assertEquals(1, rows.getLong("id"));
        assertEquals("job-submitted", rows.getString("payload"));
        assertFalse(rows.next());
      }
      processes.add(server.postmaster());
      server.postmaster().descendants().forEach(processes::add);
      assertTrue(processes.size() > 1, "the postmaster and its backends: " + processes);
    }
    server.close(); // again: nothing more to do

    assertEquals(List.of(), processes.stream().filter(process -> !PostgresServer.exited(process)).toList());
    try (ServerSocket free = new ServerSocket(server.port(), 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(server.port(), free.getLocalPort());
    }
    assertFalse(Files.exists(server.dir()), server.dir().toString());
    leftOpen.close();
  }

  @Test
  void listensOnLoopbackOnlyWithItsSocketInItsOwnFolder() throws Exception {
    try (Connection connection = DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password());
        Statement statement = connection.createStatement()) {
      assertEquals("127.0.0.1", show(statement, "listen_addresses"));
      assertEquals(shared.dir().resolve("socket").toString(), show(statement, "unix_socket_directories"));
    }
    assertTrue(Files.exists(shared.dir().resolve("socket").resolve(".s.PGSQL." + shared.port())));
  }

  @Test
  void refusesAWrongPasswordOverTcp() {
    SQLException refused = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(shared.jdbcUrl(), shared.user(), "not-" + shared.password()).close());

    assertEquals("28P01", refused.getSQLState(), refused.getMessage()); // invalid_password
  }

  @Test
  void createDatabase_newName_givesTablesOfItsOwn() throws Exception {
    String url = shared.createDatabase("isolated_one");
    try (Connection isolated = DriverManager.getConnection(url, shared.user(), shared.password());
        Statement statement = isolated.createStatement()) {
      statement.execute("CREATE TABLE only_here (id int)");
    }

    try (Connection main = DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password());
        ResultSet tables = main.getMetaData().getTables(null, null, "only_here", null)) {
      assertFalse(tables.next());
    }
    assertTrue(url.endsWith("/isolated_one"), url);
  }

  @Test
  void createDatabase_nameNeedingQuotes_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> shared.createDatabase("Journal; DROP DATABASE scatter"));
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
      assertTrue(value.next());
      return value.getString(1);
    }
  }
}

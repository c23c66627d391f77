package io.scatter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own: a new cluster in a temp folder, listening on a free port of
 * 127.0.0.1 only, with its unix socket in that folder. {@link #close()} stops it ({@code pg_ctl stop
 * -m immediate}: nothing in it is worth a clean shutdown) and removes the folder. A JVM that exits
 * without closing it stops it in a shutdown hook; one that was killed leaves a folder named with
 * its pid, which the next start in any JVM stops and removes.
 *
 * <p>The superuser is {@link #USER}. On the socket it is trusted; over TCP, where the JDBC driver
 * comes, it must give {@link #PASSWORD} (method md5, which checks with SCRAM where the password is
 * stored so: PostgreSQL 14 and later), so a client that drops its configured password fails here
 * as it would against a real server. Running as root it runs as the {@code postgres} user (see
 * {@link PostgresInstall}).
 */
public final class PostgresServer implements AutoCloseable {

  public static final String USER = "scatter";
  public static final String PASSWORD = "scatter";
  /** The database {@link #jdbcUrl()} names, made at start; {@link #createDatabase} makes more. */
  public static final String DATABASE = "scatter";

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
  /** What pg_ctl waits for the server to accept connections, or to be gone. */
  private static final String PG_CTL_WAIT_SECONDS = "30";
  private static final Duration CONNECT_LIMIT = Duration.ofSeconds(15);
  /** How long a postmaster may take to exit once pg_ctl is done with it, or once killed. */
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(5);
  private static final Duration EXIT_POLL = Duration.ofMillis(10);
  /** Another process may take the free port found between finding it and the server binding it. */
  private static final int BIND_ATTEMPTS = 3;
  private static final String DIR_PREFIX = "scatter-pg-";
  private static final Pattern DIR_NAME = Pattern.compile(Pattern.quote(DIR_PREFIX) + "(\\d+)-\\d+");
  /** Names that need no quoting in SQL, nor escaping in a URL. */
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final PostgresInstall install;
  private final Path dir;
  private final int port;
  private final ProcessHandle postmaster;
  private final Thread stopAtExit = new Thread(this::closeQuietly, "postgres-server-stop");
  private boolean closed;

  private PostgresServer(PostgresInstall install, Path dir, int port, ProcessHandle postmaster) {
    this.install = install;
    this.dir = dir;
    this.port = port;
    this.postmaster = postmaster;
  }

  /** Starts a server, or skips the test (or class) with a one-line reason where none can run or start. */
  public static PostgresServer startOrSkip() {
    try {
      return start();
    } catch (PostgresInstall.Unavailable e) {
      return Assumptions.abort(e.getMessage());
    } catch (IOException e) {
      return Assumptions.abort("PostgreSQL did not start here: " + e.getMessage());
    }
  }

  /** Starts a server; the exception's message is one line. */
  public static PostgresServer start() throws IOException {
    PostgresInstall install = PostgresInstall.locate();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweepOrphans(install, tmp);
    Path dir = Files.createTempDirectory(tmp, DIR_PREFIX + ProcessHandle.current().pid() + "-");
    PostgresServer server;
    try {
      server = startIn(install, dir);
    } catch (IOException | RuntimeException e) {
      try {
        stop(install, dir);
        TestDirs.deleteTree(dir);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(server.stopAtExit);
    return server;
  }

  private static PostgresServer startIn(PostgresInstall install, Path dir) throws IOException {
    install.own(dir);
    Path data = dir.resolve("data");
    Path socket = Files.createDirectory(dir.resolve("socket"));
    install.own(socket);
    Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    install.own(passwordFile);
    // --no-sync: the cluster is thrown away, so initdb need not wait for its files to reach the disk.
    PostgresInstall.Result initdb = install.run(dir, dir.resolve("initdb.out"), COMMAND_LIMIT, "initdb",
        "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=md5",
        "-E", "UTF8", "--locale=C", "--no-sync");
    if (!initdb.ok()) {
      throw new IOException("initdb failed (exit " + initdb.code() + "): " + lastLine(initdb.output()));
    }
    Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
        "",
        "# testing/PostgresServer: loopback only; the socket in the test's folder (Debian's",
        "# /var/run/postgresql may be missing or not writable); small, several servers may run at once.",
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + socket.toString().replace("'", "''") + "'",
        "shared_buffers = 16MB",
        ""), StandardOpenOption.APPEND);
    Path log = dir.resolve("server.log");
    for (int attempt = 1; ; attempt++) {
      int port = FreePort.onLoopback();
      long logBefore = Files.exists(log) ? Files.size(log) : 0;
      PostgresInstall.Result started = install.run(dir, dir.resolve("pg_ctl-start.out"), COMMAND_LIMIT, "pg_ctl",
          "-D", data.toString(), "-l", log.toString(), "-w", "-t", PG_CTL_WAIT_SECONDS, "-o", "-p " + port, "start");
      if (started.ok()) {
        ProcessHandle postmaster = postmaster(dir)
            .orElseThrow(() -> new IOException("pg_ctl started a server, but it is not running"));
        PostgresServer server = new PostgresServer(install, dir, port, postmaster);
        // Also the proof that it takes the password over TCP, as every client will connect.
        server.execute("postgres", "CREATE DATABASE " + DATABASE);
        return server;
      }
      String logged = Files.exists(log) ? readFrom(log, logBefore) : "";
      if (attempt == BIND_ATTEMPTS || !logged.contains("Address already in use")) {
        throw new IOException("pg_ctl start failed (exit " + started.code() + "): "
            + lastLine(severe(logged).orElse(started.output())));
      }
    }
  }

  /** JDBC URL of the database made at start. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return port;
  }

  /** The server's main process; its backends are its children. */
  public ProcessHandle postmaster() {
    return postmaster;
  }

  /** The server's folder: {@code data/}, {@code socket/}, {@code server.log} and what its commands printed. */
  public Path dir() {
    return dir;
  }

  /**
   * Makes database {@code name} (lower-case letters, digits and '_', a letter first) and returns its
   * JDBC URL: a test class that wants tables of its own, on a server it shares, makes one per test.
   */
  public String createDatabase(String name) throws IOException {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
    }
    execute(DATABASE, "CREATE DATABASE " + name);
    return jdbcUrl(name);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Runs {@code sql} in {@code database}, trying to connect again until {@link #CONNECT_LIMIT}. */
  private void execute(String database, String sql) throws IOException {
    long deadline = System.nanoTime() + CONNECT_LIMIT.toNanos();
    while (true) {
      try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
        return;
      } catch (SQLException e) {
        // Class 08 is "connection exception": worth another try while the server may still be coming up.
        boolean connecting = e.getSQLState() != null && e.getSQLState().startsWith("08");
        if (!connecting || System.nanoTime() > deadline) {
          throw new IOException(sql + " on " + jdbcUrl(database) + " failed: " + lastLine(String.valueOf(e.getMessage())), e);
        }
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /** Stops the server and removes its folder; again is a no-op. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: this is the hook.
    }
    try {
      stop(install, dir);
    } finally {
      TestDirs.deleteTree(dir);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop the PostgreSQL server in " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Stops the server of the cluster in {@code dir}, if one runs. pg_ctl waits until the postmaster
   * has removed its pid file, which it does after its backends are gone and just before it exits
   * itself; only a postmaster that outlives that by seconds is ended by force, with its backends.
   */
  private static void stop(PostgresInstall install, Path dir) throws IOException {
    Optional<ProcessHandle> postmaster = postmaster(dir);
    if (postmaster.isEmpty()) {
      return;
    }
    List<ProcessHandle> backends = postmaster.get().descendants().toList();
    PostgresInstall.Result stopped = install.run(dir, dir.resolve("pg_ctl-stop.out"), COMMAND_LIMIT, "pg_ctl",
        "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "-t", PG_CTL_WAIT_SECONDS, "stop");
    if (awaitExit(postmaster.get(), EXIT_LIMIT)) {
      return;
    }
    backends.forEach(ProcessHandle::destroyForcibly);
    postmaster.get().destroyForcibly();
    if (!awaitExit(postmaster.get(), EXIT_LIMIT)) {
      throw new IOException("the postmaster " + postmaster.get().pid() + " outlived pg_ctl stop ("
          + lastLine(stopped.output()) + ") and a kill");
    }
  }

  /** Whether {@code process} has {@linkplain #exited exited} within {@code limit}. */
  private static boolean awaitExit(ProcessHandle process, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!exited(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(EXIT_POLL);
    }
    return true;
  }

  /**
   * Whether {@code process} has exited: gone, or a zombie. A postmaster that pg_ctl started is
   * init's child once pg_ctl is gone, so it stays a zombie until init reaps it, and this machine's
   * init did that only 1 to 2 s after the exit; {@code ProcessHandle} counts a zombie as alive. A
   * zombie holds no port, file or memory.
   */
  static boolean exited(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
      // "pid (command) state ...": the command may hold spaces and parentheses, so from the last ')'.
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | IndexOutOfBoundsException e) {
      return !process.isAlive(); // no /proc (not Linux), or gone while reading
    }
  }

  /**
   * The running postmaster of the cluster in {@code dir}: the pid on the first line of its
   * {@code postmaster.pid}, if that process is alive and is a postgres (a pid a dead server left
   * may have been given to another process since).
   */
  private static Optional<ProcessHandle> postmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("data").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d{1,10}")) {
      return Optional.empty(); // being written: the server had not got far enough to be worth stopping
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().command()
            .map(command -> Path.of(command).getFileName().toString().startsWith("postgres")).orElse(false));
  }

  /** Stops and removes the servers of test JVMs that were killed before they could (see the class comment). */
  private static void sweepOrphans(PostgresInstall install, Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        Matcher name = DIR_NAME.matcher(dir.getFileName().toString());
        boolean ownerGone = name.matches()
            && ProcessHandle.of(Long.parseLong(name.group(1))).map(process -> !process.isAlive()).orElse(true);
        if (ownerGone) {
          try {
            stop(install, dir);
            TestDirs.deleteTree(dir);
          } catch (IOException | UncheckedIOException e) {
            // Another user's folder, or one going away as we look: not ours to sweep.
          }
        }
      }
    } catch (IOException e) {
      // An unreadable temp folder: nothing found to sweep.
    }
  }

  private static String readFrom(Path file, long offset) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  /** The server's FATAL and PANIC lines in {@code log}, which say why it stopped; empty if it logged none. */
  private static Optional<String> severe(String log) {
    String lines = log.lines().filter(line -> line.contains("FATAL:") || line.contains("PANIC:"))
        .reduce((first, second) -> first + "\n" + second).orElse("");
    return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
  }

  /** The last non-blank line: the one that says what went wrong, for a one-line message. */
  private static String lastLine(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).reduce((first, second) -> second)
        .orElse("(no output)");
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the PostgreSQL server", e);
    }
  }
}

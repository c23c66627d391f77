package io.scatter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL programs on this machine and the OS user that runs them, for {@link PostgresServer}.
 * Debian keeps {@code initdb} and {@code pg_ctl} in {@code /usr/lib/postgresql/<version>/bin}, off
 * the PATH (its {@code /usr/bin} has only wrappers for the clients). PostgreSQL refuses to run as
 * root, and CI runs as root: then every program runs as the {@code postgres} user that Debian's
 * package makes, through {@code runuser}, and the files it must write are given to that user.
 */
final class PostgresInstall {

  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
  private static final String OS_USER = "postgres";

  /** A command's exit code and what it printed. */
  record Result(int code, String output) {
    boolean ok() {
      return code == 0;
    }
  }

  /** PostgreSQL cannot run here (not that it failed to start); the message is the one-line reason. */
  static final class Unavailable extends IOException {
    Unavailable(String reason) {
      super(reason);
    }
  }

  private final Path bin;
  /** Put before every command: empty, or runuser to the postgres user when this JVM is root. */
  private final List<String> runAs;
  /** Whom the files the programs write must belong to: empty when they run as this JVM's user. */
  private final Optional<UserPrincipal> owner;

  private PostgresInstall(Path bin, List<String> runAs, Optional<UserPrincipal> owner) {
    this.bin = bin;
    this.runAs = runAs;
    this.owner = owner;
  }

  static PostgresInstall locate() throws Unavailable {
    Path bin = binDir().orElseThrow(() -> new Unavailable("PostgreSQL is not installed: no initdb and pg_ctl on the PATH"
        + " or in " + DEBIAN_VERSIONS + "/*/bin"));
    if (!"root".equals(System.getProperty("user.name"))) {
      return new PostgresInstall(bin, List.of(), Optional.empty());
    }
    Path runuser = program("runuser").orElseThrow(() -> new Unavailable("PostgreSQL will not run as root, and there"
        + " is no runuser (util-linux) to run it as '" + OS_USER + "'"));
    UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
    try {
      return new PostgresInstall(bin, List.of(runuser.toString(), "-u", OS_USER, "--"),
          Optional.of(users.lookupPrincipalByName(OS_USER)));
    } catch (IOException e) {
      throw new Unavailable("PostgreSQL will not run as root, and there is no '" + OS_USER + "' user to run it as");
    }
  }

  /**
   * The folder holding both initdb and pg_ctl: the PATH's first (a link followed to the real folder,
   * where the postgres that pg_ctl starts is too), else the newest version in Debian's place.
   */
  private static Optional<Path> binDir() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (entry.isEmpty()) {
        continue;
      }
      Path initdb = Path.of(entry, "initdb");
      try {
        if (Files.isExecutable(initdb) && isBinDir(initdb.toRealPath().getParent())) {
          return Optional.of(initdb.toRealPath().getParent());
        }
      } catch (IOException e) {
        // A dangling link: look further.
      }
    }
    try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
      return versions.filter(version -> version.getFileName().toString().matches("[1-9]\\d*(\\.\\d+)*"))
          .map(version -> version.resolve("bin")).filter(PostgresInstall::isBinDir)
          .max(Comparator.comparing(PostgresInstall::versionOf));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code name} on the PATH, else in /usr/sbin or /sbin: Debian keeps runuser there, and not every root's PATH has them. */
  private static Optional<Path> program(String name) {
    return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty()),
            Stream.of("/usr/sbin", "/sbin"))
        .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
  }

  private static boolean isBinDir(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  /** {@code /usr/lib/postgresql/15/bin} as 15, so that 15 beats 9.6 (a string compare would not). */
  private static Runtime.Version versionOf(Path bin) {
    return Runtime.Version.parse(bin.getParent().getFileName().toString());
  }

  /**
   * Gives {@code path} to the user the programs run as, so they can write there (initdb makes the
   * data folder in the server's folder). The group stays: the folders are open to their owner only.
   */
  void own(Path path) throws IOException {
    if (owner.isPresent()) {
      Files.setOwner(path, owner.get());
    }
  }

  /**
   * Runs {@code tool} of this installation in {@code workDir} (the programs' user must be able to
   * enter it: running as root, the JVM's own folder may be closed to that user) and waits for it.
   * Output goes to {@code output}, not a pipe: {@code pg_ctl start} leaves a server running, and a
   * pipe it inherited would never close.
   */
  Result run(Path workDir, Path output, Duration limit, String tool, String... args) throws IOException {
    List<String> command = new ArrayList<>(runAs);
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    // The server and its tools read PGDATA, PGPORT and the like; a developer's own must not reach them.
    builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
    // English messages (the reasons a test is skipped with), and no dependence on which locales are installed.
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new Result(124, tool + " did not finish within " + limit.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted running " + tool, e);
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}

package io.scatter.cluster;

import io.scatter.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CoordinatorCrashTest} with the journal on a real PostgreSQL, named in the {@code --config}
 * file that {@code cluster up} hands its coordinator: the same kill, the same exact answers.
 */
final class PostgresCoordinatorCrashTest extends CoordinatorCrashTest {

  private static PostgresServer server;

  @BeforeAll
  static void start() {
    server = PostgresServer.startOrSkip();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Optional<Path> journalConfig(Path dir) throws Exception {
    String url = server.createDatabase("crash_journal");
    Path config = Files.createTempFile(dir, "scatter-pg-journal", ".conf");
    Files.writeString(config, "scatter.journal { location = \"" + url + "\", user = \"" + server.user()
        + "\", password = \"" + server.password() + "\" }\n");
    return Optional.of(config);
  }
}

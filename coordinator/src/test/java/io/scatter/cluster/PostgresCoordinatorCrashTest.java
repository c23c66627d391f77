package io.scatter.cluster;

import io.scatter.testing.PostgresPerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CoordinatorCrashTest} with the journal on a real PostgreSQL, named in the {@code --config}
 * file that {@code cluster up} hands its coordinator: the same kill, the same exact answers.
 */
final class PostgresCoordinatorCrashTest extends CoordinatorCrashTest {

  @RegisterExtension
  static final PostgresPerClass POSTGRES = new PostgresPerClass();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  protected Optional<Path> journalConfig(Path dir) throws Exception {
    // A database per test: each test's cluster starts on an empty journal.
    String url = POSTGRES.server().createDatabase("crash_journal_" + DATABASES.incrementAndGet());
    Path config = Files.createTempFile(dir, "scatter-pg-journal", ".conf");
    Files.writeString(config, "scatter.journal { location = \"" + url + "\", user = \"" + POSTGRES.server().user()
        + "\", password = \"" + POSTGRES.server().password() + "\" }\n");
    return Optional.of(config);
  }
}

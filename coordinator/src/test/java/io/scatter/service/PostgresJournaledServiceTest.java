package io.scatter.service;

import com.typesafe.config.ConfigFactory;
import io.scatter.journal.JournalSettings;
import io.scatter.testing.PostgresPerClass;
import io.scatter.testing.TestConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JournaledServiceTest} on a real PostgreSQL (a database per test), as a user who outgrew one machine runs it. */
final class PostgresJournaledServiceTest extends JournaledServiceTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  @RegisterExtension
  static final PostgresPerClass POSTGRES = new PostgresPerClass();

  @Override
  protected JournalSettings journalSettings(Path dir) {
    String url;
    try {
      url = POSTGRES.server().createDatabase("journal_" + DATABASES.incrementAndGet());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return JournalSettings.from(ConfigFactory.parseString("scatter.journal { user = \"" + POSTGRES.server().user()
        + "\", password = \"" + POSTGRES.server().password() + "\" }").withFallback(TestConfig.load())).at(url);
  }
}

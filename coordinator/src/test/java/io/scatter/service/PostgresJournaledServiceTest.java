package io.scatter.service;

import com.typesafe.config.ConfigFactory;
import io.scatter.journal.JournalSettings;
import io.scatter.testing.PostgresServer;
import io.scatter.testing.TestConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JournaledServiceTest} on a real PostgreSQL (a database per test), as a user who outgrew one machine runs it. */
final class PostgresJournaledServiceTest extends JournaledServiceTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
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
  protected JournalSettings journalSettings(Path dir) {
    String url;
    try {
      url = server.createDatabase("journal_" + DATABASES.incrementAndGet());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return JournalSettings.from(ConfigFactory.parseString("scatter.journal { user = \"" + server.user()
        + "\", password = \"" + server.password() + "\" }").withFallback(TestConfig.load())).at(url);
  }
}

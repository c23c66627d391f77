package io.scatter.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL for a test class: started before its tests (or the class skipped, saying why),
 * stopped after them. {@code @RegisterExtension static final PostgresPerClass POSTGRES = new PostgresPerClass();}
 */
public final class PostgresPerClass implements BeforeAllCallback, AfterAllCallback {

  private PostgresServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = PostgresServer.startOrSkip();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
    }
  }

  public PostgresServer server() {
    return server;
  }
}

package io.scatter.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.Scatter;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code scatter test-server} refusing to start, through the command line. A server that starts blocks
 * until SIGTERM; that path runs in its own JVM in {@link TestServerConcurrencyTest}.
 */
final class TestServerCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void nonLoopbackHost_isRefusedWithoutAllowRemote() {
    int exit = execute("test-server", "--host", "0.0.0.0", "--port", "0");

    assertEquals(2, exit);
    assertOneLineError("not a loopback address");
  }

  @Test
  void portInUse_isOneLineErrorAndExit2() throws Exception {
    try (TestServer taken = TestServer.start("127.0.0.1", 0)) {
      int exit = execute("test-server", "--port", String.valueOf(taken.port()));

      assertEquals(2, exit);
      assertOneLineError("cannot listen on 127.0.0.1:" + taken.port());
    }
  }

  @Test
  void portOutOfRange_isExit2() {
    assertEquals(2, execute("test-server", "--port", "70000"));
    assertOneLineError("--port must be between 0 and 65535");
  }

  @Test
  void zeroThreads_isExit2() {
    assertEquals(2, execute("test-server", "--port", "0", "--threads", "0"));
    assertOneLineError("--threads must be at least 1");
  }

  @Test
  void unknownHost_isExit2() {
    assertEquals(2, execute("test-server", "--host", "no-such-host.invalid"));
    assertOneLineError("unknown host");
  }

  @Test
  void help_listsServe() {
    assertEquals(0, execute("--help"));
    assertTrue(out.toString().contains("test-server"), out.toString());
  }

  private int execute(String... args) {
    return Scatter.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private void assertOneLineError(String expected) {
    String text = err.toString().strip();
    assertTrue(text.startsWith("scatter test-server: ") && text.contains(expected), text);
    assertEquals(1, text.lines().count(), text);
    assertEquals("", out.toString());
  }
}

package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies against the JDK's own HTTP server on loopback: counted, capped, kept. */
final class FetcherTest {

  private static final int CAP = 1_000;
  private static HttpServer server;
  private static String base;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/bytes/", exchange -> {
      byte[] body = new byte[Integer.parseInt(exchange.getRequestURI().getPath().substring("/bytes/".length()))];
      Arrays.fill(body, (byte) 'x');
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private FetchResult fetchOne(String path, String keepBodies, boolean async) {
    Map<String, String> raw = new HashMap<>(FetchParams.raw(List.of(base + path), IoStyle.ASYNC));
    raw.put(FetchSettings.KEEP_BODIES, keepBodies);
    Fetcher fetcher = new Fetcher(FetchSettings.from(FetchParams.of(raw)), WorkerClients.current());
    return async ? fetcher.fetchAsync(0).join() : fetcher.fetch(0);
  }

  @Test
  void fetch_bodyWithinTheCap_isCountedAndDropped() {
    for (boolean async : new boolean[] {false, true}) {
      FetchResult result = fetchOne("/bytes/" + CAP, "", async);
      assertEquals(200, result.status());
      assertEquals(CAP, result.bytes());
      assertEquals(null, result.error());
    }
  }

  @Test
  void fetch_bodyPastTheCap_isBodyTooLargeWithItsStatus() {
    for (boolean async : new boolean[] {false, true}) {
      FetchResult result = fetchOne("/bytes/" + (CAP * 50), "", async);
      assertEquals("body-too-large", result.error());
      assertEquals(200, result.status(), "the headers had arrived");
    }
  }

  @Test
  void fetch_keepBodies_writesIndexDotBody() throws IOException {
    FetchResult result = fetchOne("/bytes/26", dir.toString(), false);
    assertEquals(26, result.bytes());
    byte[] expected = new byte[26];
    Arrays.fill(expected, (byte) 'x');
    assertArrayEquals(expected, Files.readAllBytes(dir.resolve("0.body")));
  }

  @Test
  void fetch_keepBodiesFolderMissing_isBodyWriteFailed() {
    FetchResult result = fetchOne("/bytes/26", dir.resolve("missing").toString(), true);
    assertEquals("body-write-failed", result.error());
    assertEquals(200, result.status());
  }
}

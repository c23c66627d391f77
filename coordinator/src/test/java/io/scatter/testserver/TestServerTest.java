package io.scatter.testserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.Eventually;
import io.scatter.testing.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each endpoint of one in-process server on a free loopback port, through the JDK's HTTP client. */
final class TestServerTest {

  private static TestServer server;
  private static ExecutorService clientPool;
  private static HttpClient client;

  @BeforeAll
  static void start() throws BindException {
    server = TestServer.start("127.0.0.1", 0);
    clientPool = Executors.newFixedThreadPool(2);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
  }

  @AfterAll
  static void stop() {
    server.stop();
    clientPool.shutdownNow();
  }

  @Test
  void start_portZero_bindsLoopbackOnARealPort() {
    assertTrue(server.port() > 0);
    assertTrue(server.address().getAddress().isLoopbackAddress());
    assertEquals("http://127.0.0.1:" + server.port(), server.url());
  }

  @Test
  void delay_50ms_answers200NoSooner() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = get("/delay?ms=50");
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertEquals(200, response.statusCode());
    assertEquals("delayed 50 ms\n", response.body());
    assertTrue(elapsedMs >= 50, "answered after " + elapsedMs + " ms");
  }

  @Test
  void delay_zero_answersAtOnce() throws Exception {
    assertEquals(200, get("/delay?ms=0").statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/delay", "/delay?ms=", "/delay?ms=abc", "/delay?ms=1.5", "/delay?ms=-1",
      "/delay?ms=60001", "/delay?ms=99999999999999999999"})
  void delay_badValue_answers400(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("'ms'"), response.body());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 26, 1024, 65_520, 65_521, 131_040, 1_000_000})
  void bytes_n_returnsExactlyNBytesOfTheAlphabet(int n) throws Exception {
    HttpResponse<byte[]> response = client.send(request("/bytes?n=" + n), HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, response.statusCode());
    assertArrayEquals(alphabet(n), response.body());
  }

  @Test
  void bytes_theCap_isServedInFull() throws Exception {
    HttpResponse<InputStream> response = client.send(request("/bytes?n=" + TestRoutes.MAX_BYTES),
        HttpResponse.BodyHandlers.ofInputStream());
    long count;
    try (InputStream body = response.body()) {
      count = body.transferTo(OutputStream.nullOutputStream());
    }

    assertEquals(200, response.statusCode());
    assertEquals(TestRoutes.MAX_BYTES, count);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bytes", "/bytes?n=x", "/bytes?n=-5", "/bytes?n=67108865"})
  void bytes_badValue_answers400(String path) throws Exception {
    assertEquals(400, get(path).statusCode());
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 299, 301, 404, 418, 429, 500, 503, 599})
  void status_code_isAnsweredWithATinyBody(int code) throws Exception {
    HttpResponse<String> response = get("/status/" + code);

    assertEquals(code, response.statusCode());
    assertEquals("status " + code + "\n", response.body());
  }

  @ParameterizedTest
  @ValueSource(ints = {204, 304})
  void status_codeWithoutBody_isAnsweredEmpty(int code) throws Exception {
    HttpResponse<String> response = get("/status/" + code);

    assertEquals(code, response.statusCode());
    assertEquals("", response.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99", "100", "103", "600", "-200", "abc", "2000000000000"})
  void status_outsideFinalRangeOrNotANumber_answers400(String code) throws Exception {
    assertEquals(400, get("/status/" + code).statusCode());
  }

  @Test
  void drop_javaClient_getsIOException() {
    assertThrows(IOException.class, () -> get("/drop"));
  }

  @Test
  void drop_rawSocket_receivesNotOneByte() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server.address(), 2_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET /drop HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int first;
      try {
        first = socket.getInputStream().read();
      } catch (SocketException reset) {
        first = -1;
      }
      assertEquals(-1, first, "the server sent a byte before closing");
    }
  }

  @Test
  void drop_otherConnections_keepWorking() throws Exception {
    assertThrows(IOException.class, () -> get("/drop"));
    assertEquals(200, get("/status/200").statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/nope", "/delay/", "/status", "/status/200/extra", "/bytes/10"})
  void unknownPath_answers404(String path) throws Exception {
    assertEquals(404, get(path).statusCode());
  }

  @Test
  void knownPath_otherMethod_answers405() throws Exception {
    HttpRequest post = HttpRequest.newBuilder(uri("/delay?ms=1")).POST(HttpRequest.BodyPublishers.noBody()).build();

    assertEquals(405, client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void start_portInUse_throwsBindException() {
    BindException e = assertThrows(BindException.class, () -> TestServer.start("127.0.0.1", server.port()));
    assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
  }

  @Test
  void stop_unbindsThePort_andIsIdempotent() throws Exception {
    TestServer other = TestServer.start("127.0.0.1", 0);
    InetSocketAddress address = other.address();
    other.stop();
    other.stop();

    try (Socket socket = new Socket()) {
      assertThrows(ConnectException.class, () -> socket.connect(address, 2_000));
    }
  }

  /**
   * 2,000 requests held at once, and the JVM (server and client both) gains a handful of threads,
   * not one per request; none is answered until released, then all are. The 10,000-request version
   * runs the server in its own JVM: see {@link TestServerConcurrencyTest}.
   */
  @Test
  void hold_2000Concurrent_areHeldTogetherWithoutAThreadEach_untilReleased() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    int requests = 2_000;
    try (HeldConnections held = HeldConnections.send(server.url(), "/hold", requests, Duration.ofSeconds(30))) {
      awaitHeld(requests, held);
      int peakGrowth = threads.getPeakThreadCount() - before;

      assertEquals(0, held.answered(), "answered before the release");
      assertTrue(peakGrowth < 50, "thread count grew by " + peakGrowth + " for " + requests + " requests");
      assertEquals("released " + requests + "\n", get("/release").body());
      List<LoopbackHttp.Response> answers = held.answers();
      assertEquals(Map.of(200, requests), HeldConnections.byStatus(answers), "status -> count (-1: I/O error)");
      assertEquals("released\n", answers.get(0).body());
    }
    assertEquals("0\n", get("/held").body());
  }

  @Test
  void release_nothingHeld_releasesNone() throws Exception {
    assertEquals("released 0\n", get("/release").body());
  }

  /** Until {@code /held} says {@code count}; fails if one of the requests is answered first (it must not be). */
  private static void awaitHeld(int count, HeldConnections requests) throws Exception {
    Eventually.await(Duration.ofSeconds(30), () -> "the server to hold " + count + " requests at once; /held says "
        + get("/held").body().strip(), () -> {
          assertEquals(0, requests.answered(), "answered before the release");
          return get("/held").body().equals(count + "\n");
        });
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build();
  }

  private static URI uri(String path) {
    return URI.create(server.url() + path);
  }

  private static byte[] alphabet(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }
}

package io.scatter.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * 10,000 requests held by {@code /hold} at the same time, against {@code scatter test-server} in its own
 * JVM, while that JVM has fewer than 100 threads; then released, and every one answered 200.
 * Nothing here depends on the clock: the server says how many it holds ({@code /held}), and none is
 * answered before the test releases them. How fast it goes is printed, not asserted (the README's
 * fetch benchmark measures speed).
 *
 * <p>Why another JVM: over loopback every connection is two sockets, the client's and the one the
 * server accepted. In one process 10,000 open connections need 20,000 descriptors plus the JVM's
 * own (jars, epoll), above a {@code ulimit -n} of 20,000, and only root can raise the hard limit.
 * Split over two processes each needs about 10,000. This also runs the real command line, port 0,
 * and the clean stop on SIGTERM.
 */
@Execution(ExecutionMode.CONCURRENT)
final class TestServerConcurrencyTest {

  private static final int REQUESTS = 10_000;
  /** A server that parked a thread per request would need thousands. */
  private static final int MAX_SERVER_THREADS = 100;
  /** Only how long to wait before reporting what was seen: a server that works takes seconds. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+) ");

  @TempDir
  Path dir;
  private final ExecutorService clientPool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopClient() {
    clientPool.shutdownNow();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard: a server that works takes seconds
  void hold_10000Concurrent_allHeldAtOnceOnFewThreads_thenAllAnswer200() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "skipped: counting a process's threads needs Linux /proc");
    try (ChildJvm server = ChildJvm.start(dir, List.of(), "test-server", "--port", "0")) {
      holdReleaseAndStop(server, awaitUrl(server));
    }
  }

  private void holdReleaseAndStop(ChildJvm server, String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
    long started = System.nanoTime();
    try (HeldConnections held = HeldConnections.send(url, "/hold", REQUESTS, PATIENCE)) {
      int holding = awaitHeld(client, url, held);
      long heldMs = (System.nanoTime() - started) / 1_000_000;
      int threads = threadCount(server.pid());

      assertEquals(REQUESTS, holding, "requests the server holds at once");
      assertEquals(0, held.answered(), "answered before the release");
      assertTrue(threads < MAX_SERVER_THREADS, "server JVM had " + threads + " threads holding " + holding + " requests");

      assertEquals("released " + REQUESTS, get(client, url + "/release"));
      Map<Integer, Integer> byStatus = HeldConnections.byStatus(held.answers());
      long doneMs = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("%,d concurrent /hold: all held after %,d ms on %d server threads, %s %,d ms after the "
          + "release%n", REQUESTS, heldMs, threads, byStatus, doneMs - heldMs);
      assertEquals(Map.of(200, REQUESTS), byStatus, "status -> count (-1: I/O error)");
    }
    assertEquals("0", get(client, url + "/held"));

    // SIGTERM, as from kill or a service manager.
    server.process().destroy();
    server.waitFor(Duration.ofSeconds(20));
    assertTrue(server.output().lines().anyMatch("stopped"::equals), "a clean stop: " + server.output());
  }

  /** What {@code /held} says once the server holds every request; fails if one is answered first (it must not be). */
  private int awaitHeld(HttpClient client, String url, HeldConnections requests) throws Exception {
    return Eventually.awaitFound(PATIENCE, () -> "the server to hold " + REQUESTS + " requests; /held says "
        + get(client, url + "/held"), () -> {
          assertEquals(0, requests.answered(), "answered before the release");
          int held = Integer.parseInt(get(client, url + "/held"));
          return held >= REQUESTS ? Optional.of(held) : Optional.empty();
        });
  }

  private static String get(HttpClient client, String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body().strip();
  }

  /** The URL {@code scatter test-server} says it serves on, once it listens. */
  private static String awaitUrl(ChildJvm server) throws IOException, InterruptedException {
    server.awaitOutput("serving on ");
    Matcher m = SERVING.matcher(server.output());
    assertTrue(m.find(), server.output());
    return m.group(1);
  }

  /** Threads of a process, from Linux's /proc. */
  private static int threadCount(long pid) throws IOException {
    String threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("Threads:")).findFirst()
        .orElseThrow(() -> new AssertionError("no Threads: line in /proc/" + pid + "/status"));
    return Integer.parseInt(threads.substring("Threads:".length()).trim());
  }
}

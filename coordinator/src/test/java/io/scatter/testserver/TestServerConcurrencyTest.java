package io.scatter.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

  private Process server;
  private Thread outputReader;
  private final List<String> serverOutput = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService clientPool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopServer() throws InterruptedException {
    clientPool.shutdownNow();
    if (server != null && server.isAlive()) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void hold_10000Concurrent_allHeldAtOnceOnFewThreads_thenAllAnswer200() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "skipped: counting a process's threads needs Linux /proc");
    String url = startServerJvm();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
    long started = System.nanoTime();
    try (HeldConnections held = HeldConnections.send(URI.create(url + "/hold"), REQUESTS, PATIENCE)) {
      int holding = awaitHeld(client, url, held);
      long heldMs = (System.nanoTime() - started) / 1_000_000;
      int threads = threadCount(server.pid());

      assertEquals(REQUESTS, holding, "requests the server holds at once");
      assertEquals(0, held.answered(), "answered before the release");
      assertTrue(threads < MAX_SERVER_THREADS, "server JVM had " + threads + " threads holding " + holding + " requests");

      assertEquals("released " + REQUESTS, get(client, url + "/release"));
      Map<Integer, Integer> byStatus = held.statuses();
      long doneMs = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("%,d concurrent /hold: all held after %,d ms on %d server threads, %s %,d ms after the "
          + "release%n", REQUESTS, heldMs, threads, byStatus, doneMs - heldMs);
      assertEquals(Map.of(200, REQUESTS), byStatus, "status -> count (-1: I/O error)");
    }
    assertEquals("0", get(client, url + "/held"));

    // SIGTERM, as from kill or a service manager. Through the handle: Process.destroy() would also
    // close our end of its output, and we want to read the last line it writes.
    server.toHandle().destroy();
    assertTrue(server.waitFor(20, TimeUnit.SECONDS), "scatter test-server did not exit on SIGTERM");
    outputReader.join(5_000);
    assertTrue(serverOutput.contains("stopped"), "no clean stop (exit " + server.exitValue() + "): " + serverOutput);
  }

  /**
   * Asks {@code /held} until the server holds every request, one is answered (it must not be), or
   * patience runs out; returns the last count.
   */
  private int awaitHeld(HttpClient client, String url, HeldConnections requests) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int held = Integer.parseInt(get(client, url + "/held"));
    while (held < REQUESTS && System.nanoTime() < deadline && requests.answered() == 0) {
      Thread.sleep(100);
      held = Integer.parseInt(get(client, url + "/held"));
    }
    return held;
  }

  private static String get(HttpClient client, String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body().strip();
  }

  /** Runs {@code scatter test-server --port 0} on this test's classpath; returns its URL once it listens. */
  private String startServerJvm() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A short-lived JVM: C1 only, so C2 compiler threads do not compete with the client for cores.
    server = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.scatter.cli.Scatter", "test-server", "--port", "0")
        .redirectErrorStream(true)
        .start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    outputReader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          serverOutput.add(line);
          lines.add(line);
        }
      } catch (IOException e) {
        // the process went away
      }
    }, "serve-output");
    outputReader.setDaemon(true);
    outputReader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(500, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!server.isAlive()) {
        break;
      }
    }
    throw new AssertionError("scatter test-server did not start: " + serverOutput);
  }

  /** Threads of a process, from Linux's /proc. */
  private static int threadCount(long pid) throws IOException {
    String threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("Threads:")).findFirst()
        .orElseThrow(() -> new AssertionError("no Threads: line in /proc/" + pid + "/status"));
    return Integer.parseInt(threads.substring("Threads:".length()).trim());
  }
}

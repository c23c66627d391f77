package io.scatter.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 requests held by {@code /delay} at the same time, against {@code scatter serve} in its own
 * JVM.
 *
 * <p>Why another JVM: over loopback every connection is two sockets, the client's and the one the
 * server accepted. In one process 10,000 open connections need 20,000 descriptors plus the JVM's
 * own (jars, epoll), above a {@code ulimit -n} of 20,000, and only root can raise the hard limit.
 * (Tried: one JVM peaked at 19,264 descriptors and got through only because this box is slow to
 * open them all, so the first requests finished before the last connected.) Split over two
 * processes each needs about 10,000. This also runs the real command line, port 0, and the clean
 * stop on SIGTERM.
 */
final class TestServerConcurrencyTest {

  private static final int REQUESTS = 10_000;
  private static final int DELAY_MS = 1_000;
  private static final int WARM_UP = 1_000;
  /**
   * "About one delay" plus what 10,000 connections and requests cost in CPU: about 1 ms per
   * request on this 2-core box, two thirds of it in the JDK client. 10 s is plenty on an idle
   * machine; 20 s leaves room for a machine busy with other builds, and is still far below what
   * any thread-per-request design with a bounded pool would need.
   */
  private static final long MAX_ELAPSED_MS = 20_000;
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
  void delay_10000Concurrent_allAnswer200WithinAboutOneDelay() throws Exception {
    String url = startServerJvm();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
    // Compile the hot paths of client and server first, so the timing is about waiting, not the JIT.
    Map<Integer, Integer> warmUp = fire(client, url + "/delay?ms=0", WARM_UP).byStatus();
    assertEquals(Map.of(200, WARM_UP), warmUp, "warm-up: status -> count (-1: I/O error)");

    Round round = fire(client, url + "/delay?ms=" + DELAY_MS, REQUESTS);

    System.out.printf("%,d concurrent /delay?ms=%d: %s in %,d ms (all sent after %,d ms); "
        + "server JVM threads midway: %d%n", REQUESTS, DELAY_MS, round.byStatus(), round.elapsedMs(),
        round.sentMs(), round.serverThreadsMidway());
    assertEquals(Map.of(200, REQUESTS), round.byStatus(), "status -> count (-1: I/O error)");
    // A server that parked a thread per request would need thousands of threads here, and one
    // with a bounded pool of 200 would take REQUESTS / 200 delays, 50 s.
    assertTrue(round.serverThreadsMidway() < 100, "server JVM had " + round.serverThreadsMidway() + " threads");
    assertTrue(round.elapsedMs() < MAX_ELAPSED_MS, "took " + round.elapsedMs() + " ms");

    // SIGTERM, as from kill or a service manager. Through the handle: Process.destroy() would also
    // close our end of its output, and we want to read the last line it writes.
    server.toHandle().destroy();
    assertTrue(server.waitFor(20, TimeUnit.SECONDS), "scatter serve did not exit on SIGTERM");
    outputReader.join(5_000);
    assertTrue(serverOutput.contains("stopped"), "no clean stop (exit " + server.exitValue() + "): " + serverOutput);
  }

  private record Round(Map<Integer, Integer> byStatus, long sentMs, long elapsedMs, int serverThreadsMidway) {
  }

  /** Sends {@code count} requests at once and waits for all; an I/O error counts as status -1. */
  private Round fire(HttpClient client, String url, int count) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
    long started = System.nanoTime();
    List<CompletableFuture<Integer>> responses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // HTTP/1.1: one request per connection at a time, so as many connections as requests in flight.
      responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(HttpResponse::statusCode)
          .exceptionally(e -> -1));
    }
    long sentMs = (System.nanoTime() - started) / 1_000_000;
    CompletableFuture<Void> all = CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new));
    int threadsMidway = threadCount(server.pid());
    try {
      all.get(DELAY_MS / 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillWaiting) {
      threadsMidway = Math.max(threadsMidway, threadCount(server.pid()));
      all.get(90, TimeUnit.SECONDS);
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    Map<Integer, Integer> byStatus = new TreeMap<>();
    responses.forEach(r -> byStatus.merge(r.join(), 1, Integer::sum));
    return new Round(byStatus, sentMs, elapsedMs, threadsMidway);
  }

  /** Runs {@code scatter serve --port 0} on this test's classpath; returns its URL once it listens. */
  private String startServerJvm() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A short-lived JVM: C1 only, so C2 compiler threads do not compete with the client for cores.
    server = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.scatter.cli.Scatter", "serve", "--port", "0")
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
    throw new AssertionError("scatter serve did not start: " + serverOutput);
  }

  /** Threads of a process, from Linux's /proc; -1 elsewhere (the assertion is then skipped by being true). */
  private static int threadCount(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    String threads = Files.readAllLines(status).stream().filter(l -> l.startsWith("Threads:")).findFirst().orElse(null);
    assertNotNull(threads);
    return Integer.parseInt(threads.substring("Threads:".length()).trim());
  }
}

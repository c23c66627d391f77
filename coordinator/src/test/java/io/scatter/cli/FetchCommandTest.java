package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.scatter.fetch.MixedUrls;
import io.scatter.testing.FreePort;
import io.scatter.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and {@code compare} on fetch jobs, against the test server on a free loopback port. */
final class FetchCommandTest {

  private static TestServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private Path urlFile(List<String> urls) throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.write(file, ("# a comment, then a blank line\n\n" + String.join("\n", urls) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Test
  void runPrintsAFetchReportWithTheLimit() throws IOException {
    Path json = dir.resolve("run.json");
    Path urls = urlFile(List.of(server.url() + "/delay?ms=20", server.url() + "/delay?ms=20"));
    Cli cli = Cli.run("run", "--urls", urls.toString(), "--repeat", "20", "--io", "async", "--concurrency", "8",
        "--batch", "10", "--mode", "actors", "--workers", "2", "--json", json.toString());

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("fetch 40 URLs (2 distinct x20) in 4 batches of 10"), cli.out());
    assertTrue(cli.out().contains("fetched 40 URLs in"), cli.out());
    assertTrue(cli.out().contains("up to 16 in flight: 40 ok (2xx), 0 failed; "), cli.out());
    assertTrue(cli.out().contains("outcomes: 200 x40"), cli.out());
    assertTrue(cli.out().contains("request latency p50 "), cli.out());
    assertTrue(cli.out().contains("limit 40 x 20 ms / 16 in flight = 0.050 s; wall/limit "), cli.out());
    assertFalse(cli.out().contains("answer:"), "the fetch report replaces the bare answer");
    assertEquals("", cli.err());

    JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
    assertEquals("async", run.get("io").asText());
    assertEquals(40, run.get("outcomes").get("200").asLong());
    assertEquals(0.05, run.get("limitSeconds").asDouble(), 1e-9);
    assertTrue(run.get("wallOverLimit").asDouble() >= 1.0);
    assertEquals("40 URLs: 200 x40", run.get("run").get("answer").asText());
  }

  @Test
  void runCountsEveryUrlOnceAndTheJsonNamesEachUrlsOutcome() throws IOException {
    int refused = FreePort.onLoopback();
    List<String> urls = List.of(server.url() + "/status/200", server.url() + "/status/301",
        server.url() + "/status/302", server.url() + "/status/404", server.url() + "/status/500",
        "http://127.0.0.1:" + refused + "/", server.url() + "/delay?ms=6000", server.url() + "/bytes?n=10");
    Path json = dir.resolve("mixed.json");
    Cli cli = Cli.run("run", "--urls", urlFile(urls).toString(), "--timeout", "2s", "--batch", "3", "--mode", "actors",
        "--workers", "2", "--json", json.toString());

    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains(": 2 ok (2xx), 2 redirects (3xx), 1 client error (4xx), 1 server error (5xx), "
        + "2 failed (connection-refused x1, timeout x1); "), cli.out());
    assertEquals("", cli.err());

    JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
    long counted = run.get("ok").asLong() + run.get("redirects").asLong() + run.get("clientErrors").asLong()
        + run.get("serverErrors").asLong() + run.get("otherStatuses").asLong() + run.get("errors").asLong();
    assertEquals(urls.size(), counted, run.toString());
    JsonNode results = run.get("results");
    assertEquals(urls.size(), results.size(), results.toString());
    List<String> expected = List.of("200", "301", "302", "404", "500", "connection-refused", "timeout", "200");
    for (int i = 0; i < urls.size(); i++) {
      JsonNode url = results.get(i);
      assertEquals(i, url.get("index").asLong(), url.toString());
      assertEquals(urls.get(i), url.get("url").asText(), url.toString());
      String outcome = url.get("error").isNull() ? url.get("status").asText() : url.get("error").asText();
      assertEquals(expected.get(i), outcome, url.toString());
      assertTrue(url.get("latencyMillis").asDouble() >= 0, url.toString());
    }
    assertTrue(results.get(5).get("status").isNull(), "no response, no status: " + results.get(5));
    assertEquals(10, results.get(7).get("bytes").asLong());
  }

  @Test
  void runWithoutOneCommonDelayHasNoLimit() {
    Cli cli = Cli.run("run", "--url", server.url() + "/status/404", "--url", server.url() + "/delay?ms=1",
        "--mode", "sequential");

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("outcomes: 200 x1, 404 x1"), cli.out());
    assertFalse(cli.out().contains("limit"), cli.out());
  }

  @Test
  void runOfOneUrlCountsInTheSingular() {
    Cli cli = Cli.run("run", "--url", server.url() + "/bytes?n=1", "--mode", "sequential");

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("fetch 1 URL (1 distinct x1) in 1 batch of 1, "), cli.out());
    assertTrue(cli.out().contains("fetched 1 URL in "), cli.out());
    assertTrue(cli.out().contains(": 1 ok (2xx), 0 failed; 1 byte"), cli.out());
  }

  @Test
  void runKeepsBodiesWhenAsked() throws IOException {
    Path bodies = dir.resolve("bodies");
    Cli cli = Cli.run("run", "--url", server.url() + "/bytes?n=26", "--keep-bodies", bodies.toString(),
        "--mode", "sequential", "--io", "blocking");

    assertEquals(0, cli.exitCode(), cli.err());
    assertArrayEquals("abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII),
        Files.readAllBytes(bodies.resolve("0.body")));
  }

  @Test
  void compareRunsEveryIoStyleInEveryModeAndChecksTheOutcomes() throws IOException {
    Path json = dir.resolve("compare.json");
    Path urls = urlFile(List.copyOf(MixedUrls.expected(server.url()).keySet()));
    Cli cli = Cli.run("compare", "--urls", urls.toString(), "--io", "blocking,async", "--modes", "sequential,threads",
        "--batch", "4", "--timeout", "2s", "--max-body", "50000", "--warmup", "0", "--json", json.toString());

    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains("outcomes (all runs agree): 200 x2, 404 x1, 500 x1, body-too-large x1, "
        + "connection-refused x1, connection-reset x1, malformed-url x1, timeout x1, unknown-host x1"), cli.out());
    List<String> rows = cli.out().lines().filter(line -> line.matches("(blocking|async) +(sequential|threads) .*"))
        .toList();
    assertEquals(4, rows.size(), cli.out());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertTrue(report.get("outcomesAgree").asBoolean());
    assertEquals(4, report.get("runs").size());
  }

  @Test
  void compareFailsNamingTheFirstUrlTheRunsDisagreeOn() throws IOException {
    // Answers 200 the first time and 503 after: the second run cannot agree with the first.
    HttpServer flaky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger calls = new AtomicInteger();
    flaky.createContext("/", exchange -> {
      exchange.sendResponseHeaders(calls.getAndIncrement() == 0 ? 200 : 503, -1);
      exchange.close();
    });
    flaky.start();
    try {
      String url = "http://127.0.0.1:" + flaky.getAddress().getPort() + "/once";
      Cli cli = Cli.run("compare", "--url", url, "--io", "blocking,async", "--modes", "sequential", "--warmup", "0");

      assertEquals(1, cli.exitCode(), cli.out() + cli.err());
      assertTrue(cli.err().contains("compare: the runs did not fetch the same: URL 0 (" + url
          + "): blocking/sequential 200, async/sequential 503"), cli.err());
    } finally {
      flaky.stop(0);
    }
  }

  @Test
  void seedsIoPresetComparesTheIoStylesAgainstTheirLimit() throws IOException {
    Path config = dir.resolve("small.conf");
    Files.writeString(config, "scatter.fetch.seeds-io { delay = 20ms, urls = 200, sequential-urls = 20, "
        + "in-flight = 16, workers = 2 }\n");
    Path json = dir.resolve("seeds-io.json");
    Cli cli = Cli.run("compare", "--preset", "seeds-io", "--config", config.toString(), "--warmup", "0",
        "--json", json.toString());

    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains("the seed notes' I/O experiment on loopback: GET http://127.0.0.1:"), cli.out());
    assertTrue(cli.out().lines().anyMatch(line -> line.matches("blocking +sequential +1 +1 .*")), cli.out());
    assertTrue(cli.out().lines().anyMatch(line -> line.matches("blocking +threads +16 +16 .*")), cli.out());
    assertTrue(cli.out().lines().anyMatch(line -> line.matches("async +actors +2 +16 .*")), cli.out());
    assertTrue(cli.out().contains("sequential fetched 20 URLs, not 200"), cli.out());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertTrue(report.get("allOk").asBoolean());
    assertEquals(0.25, report.get("runs").get(1).get("limitSeconds").asDouble(), 1e-9);
  }
}

package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.PrometheusText;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with a token, bound on loopback with auth forced on (as a non-loopback bind would have
 * it): every request needs the right bearer token, and one without it reaches no job.
 */
final class ApiAuthTest {

  @TempDir
  Path dir;

  private FakeJobService service;
  private ApiServer server;
  private ExecutorService clientPool;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    service = new FakeJobService();
    TokenAuth auth = TokenAuth.fromFile(Files.writeString(dir.resolve("token"), "s3cret\n"));
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.of(auth), ApiServerTest.config());
    clientPool = Executors.newFixedThreadPool(2);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
  }

  @AfterEach
  void stop() {
    server.close();
    clientPool.shutdownNow();
  }

  @Test
  void request_withoutToken_answers401WithBearerChallenge() throws Exception {
    HttpResponse<String> response = send("GET", "/health", null, Optional.empty());

    ApiServerTest.problem(response, 401);
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
  }

  @Test
  void request_withWrongToken_answers401() throws Exception {
    ApiServerTest.problem(send("GET", "/jobs", null, Optional.of("Bearer s3cre")), 401);
    ApiServerTest.problem(send("GET", "/jobs", null, Optional.of("Basic s3cret")), 401);
  }

  @Test
  void post_withoutToken_startsNoJob() throws Exception {
    ApiServerTest.problem(send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}", Optional.empty()), 401);

    assertTrue(service.submitted().isEmpty());
  }

  @Test
  void request_withTheToken_isServed() throws Exception {
    Optional<String> token = Optional.of("Bearer s3cret");

    assertEquals(200, send("GET", "/health", null, token).statusCode());
    assertEquals(201, send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}", token).statusCode());
    assertEquals(200, send("GET", "/jobs/job-1", null, token).statusCode());
  }

  @Test
  void dashboard_isServedWithoutToken_underAStrictContentPolicy_butItsEventsAreNot() throws Exception {
    for (String path : List.of("/", "/dashboard/app.js", "/dashboard/app.css")) {
      HttpResponse<String> asset = send("GET", path, null, Optional.empty());
      assertEquals(200, asset.statusCode(), path);
      assertTrue(asset.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"),
          path);
    }
    assertTrue(send("GET", "/", null, Optional.empty()).body().contains("<form id=\"login\""));
    ApiServerTest.problem(send("GET", "/events", null, Optional.empty()), 401);
  }

  @Test
  void metrics_withoutToken_answers401_andWithItTheText() throws Exception {
    ApiServerTest.problem(send("GET", "/metrics", null, Optional.empty()), 401);
    ApiServerTest.problem(send("GET", "/metrics", null, Optional.of("Bearer s3cre")), 401);

    HttpResponse<String> scraped = send("GET", "/metrics", null, Optional.of("Bearer s3cret"));
    assertEquals(200, scraped.statusCode(), scraped.body());
    assertEquals(0, PrometheusText.parse(scraped.body()).value("scatter_jobs_submitted_total"));
  }

  private HttpResponse<String> send(String method, String path, String body, Optional<String> authorization)
      throws Exception {
    return ApiServerTest.send(client, server, method, path, body, authorization);
  }
}

package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.LatencyRecorder;
import io.scatter.coordinator.NodeReport;
import io.scatter.node.ScatterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The job API's routes on a real server on a free loopback port, against an in-memory job service. */
final class ApiServerTest {

  /** Small, so a body over it is quick to send; the shipped value is 1 MiB. */
  private static final int MAX_BODY = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeJobService service;
  private ApiServer server;
  private ExecutorService clientPool;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    service = new FakeJobService();
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config());
    clientPool = Executors.newFixedThreadPool(2);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
  }

  @AfterEach
  void stop() {
    server.close();
    clientPool.shutdownNow();
  }

  static Config config() {
    return ScatterConfig.load()
        .withValue("scatter.api.max-body", ConfigValueFactory.fromAnyRef(MAX_BODY))
        .withValue("scatter.api.list-default", ConfigValueFactory.fromAnyRef(2))
        .withValue("scatter.api.list-max", ConfigValueFactory.fromAnyRef(3))
        // The client's idle keep-alive connections would hold every close for the whole drain.
        .withValue("scatter.api.drain", ConfigValueFactory.fromAnyRef("100ms"));
  }

  @Test
  void post_validJob_answers201WithLocationAndTheRunningJob() throws Exception {
    HttpResponse<String> response = send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..1000\",\"partitions\":8}");

    assertEquals(201, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonNode job = JSON.readTree(response.body());
    assertEquals("job-1", job.get("id").asText());
    assertEquals("/jobs/job-1", response.headers().firstValue("Location").orElseThrow());
    assertEquals("/jobs/job-1", job.get("url").asText());
    assertEquals("primes", job.get("task").asText());
    assertEquals("cluster", job.get("mode").asText());
    assertEquals("RUNNING", job.get("state").asText());
    assertEquals(8, job.get("partitions").asLong());
    assertEquals(0, job.get("partitionsDone").asLong());
    assertEquals(0, job.get("retries").asLong());
    assertEquals(1.0, job.get("weight").asDouble());
    assertEquals("2026-12-01T00:00:01Z", job.get("submitted").asText());
    for (String absent : List.of("ended", "answer", "error", "stats")) {
      assertTrue(job.get(absent).isNull(), absent + " in " + job);
    }
    assertEquals(1, service.submitted().size());
    assertEquals("0..1000", service.submitted().get(0).range());
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"task\":\"primes\",\"colour\":\"red\"}           | colour",
      "{\"task\":\"primes\",\"partitions\":\"eight\"}     | partitions",
      "{\"range\":\"0..100\"}                             | task",
      "{\"task\":\"primes\",\"partitions\":0}             | partitions",
      "{\"task\":\"primes\",\"keepBodies\":\"/tmp/x\"}     | keepBodies",
      "{\"task\":\"primes\",\"range\":\"0..10\",\"partitions\":1000000000000} | partitions",
      "{\"task\":\"primes\",\"range\":\"0..10\",\"weight\":0} | weight",
      "{\"task\":\"primes\",\"range\":\"0..10\",\"weight\":1001} | weight",
      "{\"urls\":[\"http://127.0.0.1:9/\"],\"repeat\":100000000000} | repeat"})
  void post_badField_answers400ProblemNamingTheField(String body, String field) throws Exception {
    HttpResponse<String> response = send("POST", "/jobs", body);

    JsonNode problem = problem(response, 400);
    assertEquals(field, problem.get("field").asText());
    assertTrue(problem.get("detail").asText().contains(field), problem.toString());
    assertTrue(service.submitted().isEmpty());
  }

  @Test
  void post_morePartitionsThanNumbers_namesBoth() throws Exception {
    JsonNode problem = problem(send("POST", "/jobs",
        "{\"task\":\"primes\",\"range\":\"0..10\",\"partitions\":1000000000000}"), 400);

    assertEquals("partitions", problem.get("field").asText());
    assertEquals("partitions 1000000000000 is more than the 10 numbers in range 0..10: give at most 10",
        problem.get("detail").asText());
  }

  @Test
  void post_syntaxError_answers400NamingThePositionNotTheParser() throws Exception {
    JsonNode problem = problem(send("POST", "/jobs", "{\"weight\": " + "9".repeat(1001) + "}"), 400);

    String detail = problem.get("detail").asText();
    assertFalse(problem.has("field"), problem.toString());
    assertTrue(detail.startsWith("the request is not valid JSON at line 1, column "), detail);
    assertFalse(detail.contains("StreamReadConstraints") || detail.contains("jackson"), detail);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "text/plain                        | text/plain",
      "application/x-www-form-urlencoded | application/x-www-form-urlencoded",
      "                                  | application/octet-stream (or no Content-Type)"})
  void post_bodyNotSentAsJson_answers415NamingWhatItWas(String contentType, String shown) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/jobs"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"primes\"}"));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

    JsonNode problem = problem(response, 415);
    assertEquals("POST /jobs takes a JSON body sent as Content-Type: application/json, got " + shown,
        problem.get("detail").asText());
    assertFalse(problem.has("field"), problem.toString());
    assertEquals("application/json", response.headers().firstValue("Accept-Post").orElseThrow());
    assertTrue(service.submitted().isEmpty());
  }

  @Test
  void post_jsonWithACharset_isTaken() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/jobs")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"primes\",\"range\":\"0..100\"}")).build();

    assertEquals(201, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void uriTooLong_answers414AsAProblem() throws Exception {
    JsonNode problem = problem(send("GET", "/jobs/" + "x".repeat(3000), null), 414);

    assertEquals("the URI is longer than the 2048 characters this server reads "
        + "(pekko.http.server.parsing.max-uri-length)", problem.get("detail").asText());
    assertEquals(201, send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}").statusCode());
  }

  @ParameterizedTest
  @CsvSource({"/jobs", "/jobs/job-1", "/jobs/job-1?wait=10ms", "/nodes", "/health"})
  void head_answersWhereGetDoes_withoutABody(String path) throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");
    HttpResponse<String> get = send("GET", path, null);

    HttpResponse<String> head = send("HEAD", path, null);

    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
  }

  @Test
  void head_unknownJob_answers404() throws Exception {
    HttpResponse<String> head = send("HEAD", "/jobs/job-99", null);

    assertEquals(404, head.statusCode());
    assertEquals("application/problem+json", head.headers().firstValue("Content-Type").orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"not json at all", "[1,2,3]", "{\"task\":\"primes\"", "''"})
  void post_notAJsonObject_answers400WithoutAField(String body) throws Exception {
    JsonNode problem = problem(send("POST", "/jobs", body), 400);

    assertFalse(problem.has("field"), problem.toString());
    assertTrue(service.submitted().isEmpty());
  }

  @Test
  void post_bodyOverTheLimit_answers413() throws Exception {
    String body = "{\"task\":\"primes\",\"params\":{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}}";

    JsonNode problem = problem(send("POST", "/jobs", body), 413);

    assertTrue(problem.get("detail").asText().contains("scatter.api.max-body"), problem.toString());
    assertTrue(service.submitted().isEmpty());
  }

  @Test
  void post_badRequests_doNotDisturbTheNextGoodOne() throws Exception {
    send("POST", "/jobs", "{\"task\":");
    send("POST", "/jobs", "x".repeat(MAX_BODY * 2));
    send("PUT", "/jobs", "{}");

    HttpResponse<String> good = send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");

    assertEquals(201, good.statusCode());
    assertEquals("job-1", JSON.readTree(good.body()).get("id").asText());
    assertEquals(200, send("GET", "/jobs/job-1", null).statusCode());
  }

  @Test
  void post_serviceFails_answers500ForThatRequestAlone() throws Exception {
    service.failNextSubmit(new IllegalStateException("the service is closing"));

    JsonNode problem = problem(send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}"), 500);

    assertTrue(problem.get("detail").asText().contains("the service is closing"), problem.toString());
    assertEquals(201, send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}").statusCode());
  }

  @Test
  void post_serviceBug_answers500WithoutItsInternals() throws Exception {
    service.failNextSubmit(new NullPointerException("Cannot invoke \"io.scatter.Secret.value()\""));

    String detail = problem(send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}"), 500)
        .get("detail").asText();

    assertTrue(detail.startsWith("the service could not answer: an internal error (incident "), detail);
    assertFalse(detail.contains("NullPointer") || detail.contains("io.scatter"), detail);
  }

  @Test
  void list_newestFirst_atMostTheDefaultOrTheLimit() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertEquals(201, send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}").statusCode());
    }

    assertEquals(List.of("job-4", "job-3"), ids(send("GET", "/jobs", null)));
    assertEquals(List.of("job-4", "job-3", "job-2"), ids(send("GET", "/jobs?limit=3", null)));
    assertEquals(List.of("job-4"), ids(send("GET", "/jobs?limit=1", null)));
  }

  @ParameterizedTest
  @CsvSource({"0", "4", "-1", "ten", "99999999999"})
  void list_limitOutOfRange_answers400NamingLimit(String limit) throws Exception {
    JsonNode problem = problem(send("GET", "/jobs?limit=" + limit, null), 400);

    assertEquals("limit", problem.get("field").asText());
  }

  @Test
  void get_finishedJob_showsAnswerEndAndStats() throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\",\"partitions\":4}");
    service.finish("job-1", "25 primes", new JobStats(4, 1, 0, new LatencyRecorder.Latency(4, 1.5, 2.5, 3.0), 9, 8,
        2, 1234, 0, List.of(), -1));

    HttpResponse<String> response = send("GET", "/jobs/job-1", null);

    assertEquals(200, response.statusCode());
    JsonNode job = JSON.readTree(response.body());
    assertEquals("SUCCEEDED", job.get("state").asText());
    assertEquals("25 primes", job.get("answer").asText());
    assertEquals(4, job.get("partitionsDone").asLong());
    assertEquals("2026-12-01T00:00:01.500Z", job.get("ended").asText());
    JsonNode stats = job.get("stats");
    assertEquals(4, stats.get("partitions").asLong());
    assertEquals(1, stats.get("retries").asLong());
    assertEquals(1234, stats.get("wireBytes").asLong());
    assertEquals(2.5, stats.get("latency").get("p99Millis").asDouble());
  }

  @Test
  void get_withWait_answersOnceTheJobEnds() throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");
    CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return send("GET", "/jobs/job-1?wait=9s", null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // Held by the server: the job is running, and a plain GET meanwhile says so.
    assertEquals("RUNNING", JSON.readTree(send("GET", "/jobs/job-1", null).body()).get("state").asText());
    assertFalse(waiting.isDone(), "answered before the job ended");

    service.cancel("job-1");
    HttpResponse<String> response = waiting.get(30, TimeUnit.SECONDS);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("CANCELLED", JSON.readTree(response.body()).get("state").asText());
  }

  @Test
  void get_withWaitOver_answersTheRunningJob() throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");

    HttpResponse<String> response = send("GET", "/jobs/job-1?wait=20ms", null);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("RUNNING", JSON.readTree(response.body()).get("state").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5", "-1s"})
  void get_badWait_answers400NamingWait(String wait) throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");

    JsonNode problem = problem(send("GET", "/jobs/job-1?wait=" + wait, null), 400);

    assertEquals("wait", problem.get("field").asText(), problem.toString());
    assertEquals(1, problem.get("detail").asText().lines().count(), problem.toString());
  }

  /** A wait past scatter.api.wait-max is cut to it: the job as it is then, still running, for the client to ask again. */
  @Test
  void get_waitOverTheMaximum_isCutToIt() throws Exception {
    try (ApiServer impatient = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(),
        config().withValue("scatter.api.wait-max", ConfigValueFactory.fromAnyRef("300ms")))) {
      send(client, impatient, "POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}", Optional.empty());
      long start = System.nanoTime();

      HttpResponse<String> response = send(client, impatient, "GET", "/jobs/job-1?wait=1h", null, Optional.empty());

      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("RUNNING", JSON.readTree(response.body()).get("state").asText());
      assertTrue(millis >= 250 && millis < 10_000, millis + " ms");
    }
  }

  @Test
  void get_withWaitUnknownId_answers404() throws Exception {
    problem(send("GET", "/jobs/job-99?wait=1s", null), 404);
  }

  @Test
  void get_unknownId_answers404() throws Exception {
    JsonNode problem = problem(send("GET", "/jobs/job-99", null), 404);

    assertTrue(problem.get("detail").asText().contains("job-99"), problem.toString());
  }

  @Test
  void delete_runningJob_cancelsItAndAnswersTheCancelledJob() throws Exception {
    send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100\"}");

    HttpResponse<String> response = send("DELETE", "/jobs/job-1", null);

    assertEquals(200, response.statusCode());
    assertEquals("CANCELLED", JSON.readTree(response.body()).get("state").asText());
    assertEquals("CANCELLED", service.get("job-1").orElseThrow().state().name());
    assertEquals("CANCELLED", JSON.readTree(send("GET", "/jobs/job-1", null).body()).get("state").asText());
  }

  @Test
  void delete_unknownId_answers404() throws Exception {
    problem(send("DELETE", "/jobs/job-99", null), 404);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"PUT, /jobs, 'GET, HEAD, POST'", "DELETE, /jobs, 'GET, HEAD, POST'",
      "POST, /jobs/job-1, 'GET, HEAD, DELETE'", "POST, /health, 'GET, HEAD'", "DELETE, /nodes, 'GET, HEAD'"})
  void wrongMethod_onAKnownPath_answers405WithAllow(String method, String path, String allowed) throws Exception {
    HttpResponse<String> response = send(method, path, method.equals("DELETE") ? null : "{}");

    problem(response, 405);
    assertEquals(allowed, response.headers().firstValue("Allow").orElseThrow());
  }

  @ParameterizedTest
  @CsvSource({"/job", "/jobs/job-1/more", "/nodes/node-1", "/dashboard/../pom.xml", "/dashboard/index.js"})
  void unknownPath_answers404(String path) throws Exception {
    problem(send("GET", path, null), 404);
  }

  @Test
  void nodes_answersEveryNodeWithItsWorkersAndTheJobsOnThem() throws Exception {
    service.setNodes(List.of(
        new NodeReport("127.0.0.1:40001", Optional.empty(), List.of("coordinator"), "up", true, true, List.of()),
        new NodeReport("127.0.0.1:2551", Optional.of("node-1"), List.of("worker"), "up", false, false, List.of(
            new NodeReport.Worker("worker-1", "pekko://scatter@127.0.0.1:2551/user/worker-1",
                List.of(new NodeReport.Work("job-1", 3), new NodeReport.Work("job-2", 0))),
            new NodeReport.Worker("worker-2", "pekko://scatter@127.0.0.1:2551/user/worker-2", List.of())))));

    HttpResponse<String> response = send("GET", "/nodes", null);

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonNode nodes = JSON.readTree(response.body()).get("nodes");
    assertEquals(2, nodes.size());
    JsonNode self = nodes.get(0);
    assertEquals("127.0.0.1:40001", self.get("address").asText());
    assertTrue(self.get("name").isNull(), self.toString());
    assertEquals("[\"coordinator\"]", self.get("roles").toString());
    assertTrue(self.get("self").asBoolean());
    assertEquals(0, self.get("workers").size());
    JsonNode node = nodes.get(1);
    assertEquals("node-1", node.get("name").asText());
    assertEquals("up", node.get("status").asText());
    assertFalse(node.get("reachable").asBoolean());
    assertFalse(node.get("self").asBoolean());
    JsonNode busy = node.get("workers").get(0);
    assertEquals("worker-1", busy.get("name").asText());
    assertEquals("pekko://scatter@127.0.0.1:2551/user/worker-1", busy.get("path").asText());
    assertEquals(3, busy.get("leased").asInt());
    assertEquals("[{\"id\":\"job-1\",\"leased\":3},{\"id\":\"job-2\",\"leased\":0}]", busy.get("jobs").toString());
    assertEquals(0, node.get("workers").get(1).get("leased").asInt());
    assertEquals(0, node.get("workers").get(1).get("jobs").size());
  }

  @Test
  void health_answersOk() throws Exception {
    HttpResponse<String> response = send("GET", "/health", null);

    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"ok\"}", response.body());
  }

  @Test
  void health_whileTheServiceCannotRunJobs_is503SayingWhy() throws Exception {
    service.setTrouble("the cluster removed this coordinator 3 s ago");
    try {
      HttpResponse<String> response = send("GET", "/health", null);

      assertEquals(503, response.statusCode());
      assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(response.body().contains("\"detail\":\"the cluster removed this coordinator 3 s ago\""),
          response.body());
    } finally {
      service.setTrouble(null);
    }
  }

  @Test
  void start_portZero_bindsLoopbackOnARealPort() {
    assertTrue(server.address().getPort() > 0);
    assertEquals("http://127.0.0.1:" + server.address().getPort(), server.url());
  }

  private List<String> ids(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode());
    List<String> ids = new ArrayList<>();
    JSON.readTree(response.body()).get("jobs").forEach(job -> ids.add(job.get("id").asText()));
    return ids;
  }

  /** The response's problem document, after checking its status and media type. */
  static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(status, problem.get("status").asInt());
    assertEquals("about:blank", problem.get("type").asText());
    assertFalse(problem.get("title").asText().isEmpty());
    assertFalse(problem.get("detail").asText().isEmpty());
    return problem;
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(client, server, method, path, body, Optional.empty());
  }

  static HttpResponse<String> send(HttpClient client, ApiServer server, String method, String path, String body,
      Optional<String> authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    authorization.ifPresent(value -> request.header("Authorization", value));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

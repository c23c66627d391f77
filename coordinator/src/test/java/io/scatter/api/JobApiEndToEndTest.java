package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.scatter.coordinator.ActorRunner;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole service path without a fake: HTTP on loopback, the routes, the real job service, and
 * in-process worker actors. Two jobs at once give the answers known for them; a cancelled job ends
 * CANCELLED with what it had done while the other still finishes.
 */
@Timeout(120)
final class JobApiEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private RunnerJobService service;
  private ApiServer server;
  private ExecutorService clientPool;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    Config config = TestConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), ApiServerTest.config());
    clientPool = Executors.newFixedThreadPool(2);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
  }

  @AfterEach
  void stop() {
    server.close();
    service.close();
    clientPool.shutdownNow();
  }

  private JsonNode send(String method, String path, String body, int expectedStatus) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** Polls the job until it has ended. */
  private JsonNode ended(String id) throws Exception {
    return Eventually.awaitFound(Duration.ofSeconds(60), () -> "job " + id + " to end: " + send("GET", "/jobs/" + id,
        null, 200), () -> {
          JsonNode job = send("GET", "/jobs/" + id, null, 200);
          return job.get("state").asText().equals("RUNNING") ? Optional.empty() : Optional.of(job);
        });
  }

  @Test
  void twoJobsSubmittedAtOnceBothGiveTheirKnownAnswers() throws Exception {
    String primes = send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..1000000\",\"partitions\":16}", 201)
        .get("id").asText();
    String smaller = send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100000\",\"partitions\":8}", 201)
        .get("id").asText();

    JsonNode first = ended(primes);
    JsonNode second = ended(smaller);
    assertEquals("SUCCEEDED", first.get("state").asText(), first.toString());
    assertEquals("78498", first.get("answer").asText(), "primes below 10^6");
    assertEquals("SUCCEEDED", second.get("state").asText(), second.toString());
    assertEquals("9592", second.get("answer").asText(), "primes below 10^5");
    assertEquals(16, first.get("stats").get("partitions").asLong());
  }

  @Test
  void aCancelledJobEndsCancelledWithWhatItHadDoneAndTheOtherFinishes() throws Exception {
    String slow = send("POST", "/jobs",
        "{\"task\":\"test-sleep\",\"range\":\"0..2000\",\"partitions\":2000,\"params\":{\"ms\":20}}", 201)
        .get("id").asText();
    String quick = send("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..100000\",\"partitions\":8}", 201)
        .get("id").asText();

    JsonNode cancelled = send("DELETE", "/jobs/" + slow, null, 200);
    JsonNode done = ended(quick);
    assertEquals("CANCELLED", ended(slow).get("state").asText(), cancelled.toString());
    assertTrue(ended(slow).get("partitionsDone").asLong() < 2000, ended(slow).toString());
    assertEquals("9592", done.get("answer").asText());
    assertEquals(slow, send("GET", "/jobs?limit=2", null, 200).get("jobs").get(1).get("id").asText(),
        "newest first: the quick job, then the cancelled one");
  }

  @Test
  void nodesShowTheInProcessNodeAndTheRunningJobOnEachWorker_thenIdleWorkersOnceItEnds() throws Exception {
    String slow = send("POST", "/jobs",
        "{\"task\":\"test-sleep\",\"range\":\"0..2000\",\"partitions\":2000,\"params\":{\"ms\":20}}", 201)
        .get("id").asText();

    JsonNode nodes = send("GET", "/nodes", null, 200).get("nodes");
    send("DELETE", "/jobs/" + slow, null, 200);
    JsonNode after = send("GET", "/nodes", null, 200).get("nodes");

    assertEquals(1, nodes.size(), nodes.toString());
    JsonNode node = nodes.get(0);
    assertEquals("in-process", node.get("address").asText());
    assertTrue(node.get("self").asBoolean());
    assertEquals(2, node.get("workers").size(), node.toString());
    long leased = 0;
    for (JsonNode worker : node.get("workers")) {
      assertEquals(1, worker.get("jobs").size(), worker.toString());
      assertEquals(slow, worker.get("jobs").get(0).get("id").asText());
      leased += worker.get("leased").asLong();
    }
    assertTrue(leased <= 2000, "no more leased than the job has: " + leased);
    for (JsonNode worker : after.get(0).get("workers")) {
      assertEquals(0, worker.get("jobs").size(), "the cancelled job is gone from " + worker);
    }
  }
}

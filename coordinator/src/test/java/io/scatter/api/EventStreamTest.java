package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ActorRunner;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.NodeReport;
import io.scatter.coordinator.ProgressListener;
import io.scatter.service.JobRequest;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TestConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /events}, the dashboard's live updates, on a real server on loopback. */
@Timeout(120)
final class EventStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Config config(int maxStreams) {
    return ApiServerTest.config()
        .withValue("scatter.api.dashboard.jobs-every", ConfigValueFactory.fromAnyRef("50ms"))
        .withValue("scatter.api.dashboard.nodes-every", ConfigValueFactory.fromAnyRef("100ms"))
        .withValue("scatter.api.dashboard.max-streams", ConfigValueFactory.fromAnyRef(maxStreams));
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The first {@code count} events of a stream: type to the data of the last of that type. */
  private static Map<String, JsonNode> read(InputStream stream, int count) throws Exception {
    Map<String, JsonNode> events = new HashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    String type = null;
    String data = null;
    int seen = 0;
    for (String line = reader.readLine(); line != null && seen < count; line = reader.readLine()) {
      if (line.startsWith("event:")) {
        type = line.substring("event:".length()).trim();
      } else if (line.startsWith("data:")) {
        data = line.substring("data:".length());
      } else if (line.isEmpty() && data != null) { // an event's lines end with an empty one, in any order before it
        events.put(type, JSON.readTree(data));
        seen++;
        type = null;
        data = null;
      }
    }
    return events;
  }

  @Test
  void theStreamSendsTheJobsAndTheNodesAsTheirRoutesWriteThem() throws Exception {
    FakeJobService service = new FakeJobService();
    service.setNodes(List.of(new NodeReport("127.0.0.1:2551", Optional.of("node-1"), List.of("worker"), "up", true,
        false, List.of())));
    try (ApiServer server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config(4))) {
      assertEquals(201, ApiServerTest.send(client(), server, "POST", "/jobs",
          "{\"task\":\"primes\",\"range\":\"0..100\"}", Optional.empty()).statusCode());
      HttpResponse<InputStream> response = client().send(
          HttpRequest.newBuilder(URI.create(server.url() + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
      try (InputStream body = response.body()) {
        Map<String, JsonNode> events = read(body, 6);
        assertEquals(1, events.get("jobs").get("jobs").size(), events.toString());
        assertEquals("job-1", events.get("jobs").get("jobs").get(0).get("id").asText(), events.toString());
        assertEquals("node-1", events.get("nodes").path("nodes").path(0).path("name").asText(), events.toString());
      }
    }
  }

  @Test
  void streamsPastTheCapAreRefused503_andOneClosedMakesRoom() throws Exception {
    try (ApiServer server = ApiServer.start(new FakeJobService(), "127.0.0.1", 0, Optional.empty(), config(1))) {
      HttpClient client = client();
      HttpRequest events = HttpRequest.newBuilder(URI.create(server.url() + "/events")).build();
      HttpResponse<InputStream> first = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, first.statusCode());
      ApiServerTest.problem(client.send(events, HttpResponse.BodyHandlers.ofString()), 503);
      first.body().close();
      io.scatter.testing.Eventually.await(java.time.Duration.ofSeconds(10), () -> "the closed stream's slot back",
          () -> {
            HttpResponse<InputStream> again = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
            again.body().close();
            return again.statusCode() == 200;
          });
    }
  }

  /**
   * Clients that open streams and never read them hold no job back: each gets a tick only when it has
   * read the last, so nothing queues for them, and a job runs to its answer as if they were not there.
   */
  @Test
  void clientsThatNeverReadTheirStreams_doNotHoldAJobBack() throws Exception {
    Config config = TestConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    try (RunnerJobService service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
         ApiServer server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config(4))) {
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket socket = new Socket("127.0.0.1", server.address().getPort());
          socket.setReceiveBufferSize(1024);
          OutputStream out = socket.getOutputStream();
          out.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          stalled.add(socket);
        }
        JobRequest request = JobRequest.builder().task("test-sleep").params(Map.of("ms", "1")).range("0..2000").partitions(2000L)
            .build();
        JobOutcome outcome = service.submitRequest(request, ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);
        assertEquals(2000L, assertInstanceOf(JobOutcome.Succeeded.class, outcome).value());
        assertTrue(service.list(50).size() >= 1);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }
}

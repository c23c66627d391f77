package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.localcluster.ProcessExit;
import io.scatter.testing.Eventually;
import io.scatter.testing.FreePort;
import io.scatter.testing.TaskJars;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster up} starts a coordinator beside the nodes: the job API runs jobs on them, and {@code down} stops it. */
final class ClusterCoordinatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration JOB_LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void upServesTheJobApiOnTheNodes_statusNamesIt_upRestoresADeadNodeOrCoordinator_downStopsEveryJvm() throws Exception {
    Path state = dir.resolve("state");
    int port = FreePort.onLoopback();
    String url = "http://127.0.0.1:" + port;
    List<ProcessHandle> started = new ArrayList<>();
    try {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--nodes", "2", "--workers", "1",
          "--coordinator-port", Integer.toString(port), "--state-dir", state.toString(), "--cluster-name", "coord-test");
      LocalCluster.read(state).ifPresent(cluster -> {
        cluster.nodes().forEach(node -> node.process().ifPresent(started::add));
        cluster.coordinatorRecord().flatMap(LocalCluster.Coordinator::process).ifPresent(started::add);
      });
      assertEquals(0, up.exitCode(), up.err());
      assertTrue(up.out().contains("serves the job API on " + url), up.out());
      LocalCluster.Coordinator coordinator = LocalCluster.read(state).orElseThrow().coordinatorRecord().orElseThrow();
      assertEquals(url, coordinator.url());
      assertTrue(coordinator.isAlive());
      assertEquals(3, started.size(), "two nodes and the coordinator, each verified by pid and start time");

      assertEquals("ok", send("GET", url + "/health", null, 200).get("status").asText());
      String id = send("POST", url + "/jobs", "{\"task\":\"primes\",\"range\":\"0..100000\"}", 201).get("id").asText();
      JsonNode job = ended(url + "/jobs/" + id);
      assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
      assertEquals("9592", job.get("answer").asText(), "primes below 10^5");
      assertShipsCodeOnlyWithTheStateFoldersUploadToken(state, url);

      CliRunner.Result status = CliRunner.run("cluster", "status", "--state-dir", state.toString(),
          "--cluster-name", "coord-test");
      assertEquals(0, status.exitCode(), status.err());
      assertTrue(status.out().lines().anyMatch(line -> line.startsWith("coordinator ")
          && line.contains(" " + coordinator.pid() + " ") && line.contains(" serving ") && line.endsWith(url)),
          status.out());

      // Every node killed: the coordinator downs them and stays; `up` restarts them, joining through it.
      assertEquals(0, CliRunner.run("cluster", "kill", "node-1", "--state-dir", state.toString()).exitCode());
      assertEquals(0, CliRunner.run("cluster", "kill", "node-2", "--state-dir", state.toString()).exitCode());
      Thread.sleep(6_000); // past the failure detector and stable-after: the coordinator was not downed with them
      assertEquals("ok", send("GET", url + "/health", null, 200).get("status").asText());
      CliRunner.Result again = CliRunner.run("cluster", "up", "--nodes", "1", "--coordinator-port", "0",
          "--state-dir", state.toString(), "--cluster-name", "coord-test");
      LocalCluster.read(state).ifPresent(cluster -> cluster.nodes().forEach(node -> node.process().ifPresent(started::add)));
      assertEquals(0, again.exitCode(), again.err());
      assertTrue(again.out().startsWith("restarted node-1 (pid "), again.out());
      assertTrue(again.out().contains("restarted node-2 (pid "), again.out());
      assertTrue(coordinator.isAlive());
      assertEquals("ok", send("GET", url + "/health", null, 200).get("status").asText());
      assertEquals("9592", ended(url + "/jobs/" + submit(url)).get("answer").asText(), "a job on the restored node");

      // The coordinator killed (the two nodes are the majority): `up` starts a new one on the same API port.
      ProcessHandle first = coordinator.process().orElseThrow();
      first.destroyForcibly();
      first.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      CliRunner.Result restarted = CliRunner.run("cluster", "up", "--state-dir", state.toString(),
          "--cluster-name", "coord-test");
      LocalCluster.read(state).flatMap(LocalCluster::coordinatorRecord).flatMap(LocalCluster.Coordinator::process)
          .ifPresent(started::add);
      assertEquals(0, restarted.exitCode(), restarted.err());
      assertTrue(restarted.out().startsWith("restarted the coordinator (pid "), restarted.out());
      LocalCluster.Coordinator second = LocalCluster.read(state).orElseThrow().coordinatorRecord().orElseThrow();
      assertEquals(url, second.url());
      assertEquals("9592", ended(url + "/jobs/" + submit(url)).get("answer").asText(), "a job on the new coordinator");

      assertEveryNodeRuns(state);
      CliRunner.Result down = CliRunner.run("cluster", "down", "--state-dir", state.toString());
      assertEquals(0, down.exitCode(), down.err());
      assertTrue(down.out().lines().findFirst().orElse("").equals("coordinator (pid " + second.pid() + ") stopped"),
          "the coordinator stops first, on SIGTERM: " + down.out());
      // Ended, not gone: down returns once they have exited, and init may reap them a second or two later.
      assertTrue(started.stream().allMatch(ProcessExit::ended), "no JVM of the cluster is left running");
      assertFalse(Files.exists(state), "the state folder scatter made is gone with its files");
    } finally {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Before {@code down} deletes their logs: a node that ended by itself is a failure, told with its log's last lines. */
  private static void assertEveryNodeRuns(Path state) throws IOException {
    for (LocalCluster.Node node : LocalCluster.read(state).orElseThrow().nodes()) {
      if (!node.isAlive()) {
        List<String> log = Files.readAllLines(Path.of(node.log()));
        throw new AssertionError(node.gone() + " before down; its log ends:\n"
            + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
      }
    }
  }

  /**
   * Its API has no token, but an upload needs the one {@code cluster up} wrote to the state folder:
   * {@code submit --jar} (no --to, no --token-file) sends it; a bare POST is 401.
   */
  private void assertShipsCodeOnlyWithTheStateFoldersUploadToken(Path state, String url) throws Exception {
    Path jar = TaskJars.count(dir);
    Path clientConfig = Files.writeString(dir.resolve("client.conf"), "scatter.cluster.state-dir = \"" + state + "\"\n");

    CliRunner.Result shipped = CliRunner.run("submit", "--config", clientConfig.toString(), "--jar", jar.toString(),
        "--task", "count", "--range", "0..1000", "--partitions", "4", "--no-progress");
    HttpResponse<String> bare = client.send(HttpRequest.newBuilder(URI.create(url + "/jars"))
        .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(0, shipped.exitCode(), shipped.err());
    assertTrue(shipped.out().contains("answer: 1000\n"), shipped.out());
    assertEquals(401, bare.statusCode(), bare.body());
  }

  @Test
  void aTakenPortStopsUpBeforeAnyJvmStarts() throws Exception {
    Path state = dir.resolve("state");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CliRunner.Result up = CliRunner.run("cluster", "up", "--nodes", "1", "--coordinator-port",
          Integer.toString(taken.getLocalPort()), "--state-dir", state.toString());

      assertEquals(2, up.exitCode(), up.out());
      assertEquals(1, up.err().lines().count(), up.err());
      assertTrue(up.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is taken")
          && up.err().contains("--coordinator-port"), up.err());
      assertFalse(Files.exists(state), "nothing started, nothing written");
    } finally {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
    }
  }

  private JsonNode send(String method, String uri, String body, int expectedStatus) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private String submit(String url) throws Exception {
    return send("POST", url + "/jobs", "{\"task\":\"primes\",\"range\":\"0..100000\"}", 201).get("id").asText();
  }

  private JsonNode ended(String uri) throws Exception {
    return Eventually.awaitFound(JOB_LIMIT, () -> "the job to end: " + send("GET", uri, null, 200), () -> {
      JsonNode job = send("GET", uri, null, 200);
      return job.get("state").asText().equals("RUNNING") ? Optional.empty() : Optional.of(job);
    });
  }
}

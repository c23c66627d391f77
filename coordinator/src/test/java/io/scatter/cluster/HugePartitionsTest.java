package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.scatter.cli.CliRunner;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.Eventually;
import io.scatter.testing.FreePort;
import io.scatter.testing.JsonApi;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19's probe, on a real {@code cluster up} (two node JVMs of one worker and its coordinator,
 * on loopback), through the job API only: a primes job over every non-negative long, cut into the
 * default partitions of about 1.4e17 numbers each, must neither keep the workers after it is
 * cancelled nor starve a small job submitted beside it.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class HugePartitionsTest {

  private static final String HUGE = "{\"task\":\"primes\",\"range\":\"0..9223372036854775807\"}";
  private static final String SMALL = "{\"task\":\"primes\",\"range\":\"0..20000000\",\"partitions\":16}";
  /** Primes below 2 * 10^7. */
  private static final String SMALL_ANSWER = "1270607";
  /** Half the work, for the test that runs it twice: the suite's other forks share these two cores. */
  private static final String HALF = "{\"task\":\"primes\",\"range\":\"0..10000000\",\"partitions\":16}";
  private static final String HALF_ANSWER = "664579";
  private static Path state;
  private static String url;
  private static final List<ProcessHandle> started = new ArrayList<>();

  @BeforeAll
  static void up() throws Exception {
    state = Files.createTempDirectory("scatter-huge");
    url = "http://127.0.0.1:" + FreePort.onLoopback();
    CliRunner.Result up = CliRunner.run("cluster", "up", "--nodes", "2", "--workers", "1",
        "--coordinator-port", url.substring(url.lastIndexOf(':') + 1), "--state-dir", state.toString(),
        "--cluster-name", "scatter-huge-" + ProcessHandle.current().pid());
    LocalCluster.read(state).ifPresent(cluster -> {
      cluster.nodes().forEach(node -> node.process().ifPresent(started::add));
      cluster.coordinatorRecord().flatMap(LocalCluster.Coordinator::process).ifPresent(started::add);
    });
    assertEquals(0, up.exitCode(), up.err());
    // Warm: the first job of a JVM loads and compiles what every later one runs.
    assertEquals("148933", ended(submit("{\"task\":\"primes\",\"range\":\"0..2000000\"}")).get("answer").asText());
  }

  @AfterAll
  static void down() throws IOException {
    try {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
    } finally {
      started.forEach(ProcessHandle::destroyForcibly);
      Files.deleteIfExists(state);
    }
  }

  @Test
  @Order(1)
  void aCancelledJobOfHugePartitions_freesEveryWorker_forTheNextJobAtOnce() throws Exception {
    String huge = submit(HUGE);
    JsonNode running = runningOnEveryWorker(huge);
    long cancelled = System.nanoTime();
    assertEquals("CANCELLED", send("DELETE", "/jobs/" + huge, null, 200).get("state").asText());

    JsonNode small = ended(submit(SMALL));
    double seconds = (System.nanoTime() - cancelled) / 1e9;
    assertEquals("SUCCEEDED", small.get("state").asText(), small.toString());
    assertEquals(SMALL_ANSWER, small.get("answer").asText());
    System.out.printf(Locale.ROOT, "huge job cancelled; the next job's answer %.2f s after the DELETE (nodes then: %s)%n",
        seconds, running);
  }

  @Test
  @Order(2)
  void aSmallJobBesideAJobOfHugePartitions_isNotStarved_whileTheHugeOneRuns() throws Exception {
    long soloStart = System.nanoTime();
    assertEquals(HALF_ANSWER, ended(submit(HALF)).get("answer").asText());
    double solo = (System.nanoTime() - soloStart) / 1e9;

    String huge = submit(HUGE);
    try {
      runningOnEveryWorker(huge);
      long besideStart = System.nanoTime();
      JsonNode small = ended(submit(HALF));
      double beside = (System.nanoTime() - besideStart) / 1e9;

      assertEquals(HALF_ANSWER, small.get("answer").asText());
      assertEquals("RUNNING", send("GET", "/jobs/" + huge, null, 200).get("state").asText());
      System.out.printf(Locale.ROOT, "small job alone %.2f s, beside a job of huge partitions %.2f s (%.2fx)%n", solo,
          beside, beside / solo);
      // Equal weights give about 2x; what this guards against is starvation, the small job waiting for
      // a partition of 1.4e17 numbers (days). So the bound is loose: the load of the suite's other test
      // JVMs on two cores shifts between the solo run and this one (3.2x in one clean CI run).
      assertTrue(beside <= 5 * solo + 5, "beside " + beside + " s, solo " + solo + " s");
      JsonNode nodes = send("GET", "/nodes", null, 200);
      assertTrue(nodes.toString().contains("\"running\":{\"partition\""), "GET /nodes shows the long partitions: " + nodes);
    } finally {
      send("DELETE", "/jobs/" + huge, null, 200);
    }
  }

  /** Waits until both workers have run a partition of {@code job} long enough to report it; returns GET /nodes then. */
  private static JsonNode runningOnEveryWorker(String job) throws Exception {
    return Eventually.awaitFound(Duration.ofSeconds(60), () -> "both workers to run the huge job: "
        + send("GET", "/nodes", null, 200), () -> {
          JsonNode nodes = send("GET", "/nodes", null, 200);
          long running = 0;
          for (JsonNode node : nodes.get("nodes")) {
            for (JsonNode worker : node.get("workers")) {
              for (JsonNode work : worker.get("jobs")) {
                running += work.get("id").asText().equals(job) && work.has("running") ? 1 : 0;
              }
            }
          }
          return running == 2 ? Optional.of(nodes) : Optional.empty();
        });
  }

  private static String submit(String body) throws Exception {
    return send("POST", "/jobs", body, 201).get("id").asText();
  }

  /** The job once it has ended, asked with the longest wait the API holds a request for (scatter.api.wait-max). */
  private static JsonNode ended(String id) throws Exception {
    return Eventually.awaitFound(Duration.ofSeconds(60), () -> "job " + id + " to end: " + send("GET", "/jobs/" + id,
        null, 200), () -> {
          JsonNode job = send("GET", "/jobs/" + id + "?wait=10s", null, 200);
          return job.get("state").asText().equals("RUNNING") ? Optional.empty() : Optional.of(job);
        });
  }

  private static JsonNode send(String method, String path, String body, int expected) throws Exception {
    return JsonApi.send(url, method, path, body, expected);
  }
}

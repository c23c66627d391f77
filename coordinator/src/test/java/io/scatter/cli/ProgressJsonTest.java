package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.scatter.api.ApiServer;
import io.scatter.coordinator.ActorRunner;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.TestConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --progress=json}: one JSON object a line on stderr, for scripts; the last says where the run ended. */
final class ProgressJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> lines(Cli cli) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : cli.errLines()) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void jsonProgressEndsWithALineOfEveryPartitionDoneAndItsRetries() throws IOException {
    // Every partition's first attempt throws: 8 partitions, 8 retries.
    Cli cli = Cli.run("run", "--task", "test-fails-once", "--range", "0..8", "--partitions", "8", "--mode", "threads",
        "--workers", "2", "--param", "run=progress-json", "--progress=json");

    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    List<JsonNode> lines = lines(cli);
    assertFalse(lines.isEmpty(), cli.err());
    JsonNode last = lines.get(lines.size() - 1);
    assertEquals(8, last.get("total").asLong(), last.toString());
    assertEquals(8, last.get("done").asLong(), last.toString());
    assertEquals(8, last.get("retries").asLong(), last.toString());
    assertEquals("threads", last.get("mode").asText());
    assertTrue(last.get("last").asBoolean());
    assertTrue(last.get("elapsedMs").asLong() >= 0);
  }

  @Test
  void aRunLongerThanASecondAlsoWritesLinesWhileItRuns() throws IOException {
    // Four partitions of 600 ms one after another: at least 2.4 s, so the once-a-second line comes at least once.
    Cli cli = Cli.run("run", "--task", "test-sleep", "--param", "ms=600", "--range", "0..4", "--partitions", "4",
        "--mode", "sequential", "--progress=json");

    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    List<JsonNode> lines = lines(cli);
    assertTrue(lines.size() >= 2, cli.err());
    long done = 0;
    for (JsonNode line : lines.subList(0, lines.size() - 1)) {
      assertFalse(line.get("last").asBoolean(), line.toString());
      assertTrue(line.get("done").asLong() >= done, "done never goes back: " + cli.err());
      done = line.get("done").asLong();
    }
    JsonNode last = lines.get(lines.size() - 1);
    assertTrue(last.get("last").asBoolean(), last.toString());
    assertEquals(4, last.get("total").asLong(), last.toString());
    assertEquals(4, last.get("done").asLong(), last.toString());
  }

  /**
   * {@code submit} labels its lines with the mode the coordinator runs the job in, as {@code run}
   * does, not with the task; and counts the job's retries, as its stats do. The service here runs
   * on in-process worker actors, so its mode is actors; a {@code scatter coordinator}'s is cluster.
   */
  @Test
  void submitJsonProgressNamesTheModeAndEndsWithTheJobsRetries() throws IOException {
    Config config = TestConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    try (RunnerJobService service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
        ApiServer server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config)) {
      Cli cli = Cli.run("submit", "--to", server.url(), "--task", "test-fails-once", "--range", "0..8", "--partitions",
          "8", "--param", "run=submit-progress-json", "--progress=json");

      assertEquals(0, cli.exitCode(), cli.out() + cli.err());
      assertTrue(cli.out().contains("8 of 8 partitions done, 8 retries"), cli.out());
      List<JsonNode> lines = lines(cli);
      assertFalse(lines.isEmpty(), cli.err());
      for (JsonNode line : lines) {
        assertEquals("actors", line.get("mode").asText(), line.toString());
      }
      JsonNode last = lines.get(lines.size() - 1);
      assertTrue(last.get("last").asBoolean(), last.toString());
      assertEquals(8, last.get("done").asLong(), last.toString());
      assertEquals(8, last.get("retries").asLong(), last.toString());
    }
  }

  @Test
  void anUnknownProgressStyleIsBadInput() {
    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..100", "--progress=dots");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter run: --progress must be bar or json, got 'dots'"), cli.errLines());
  }
}

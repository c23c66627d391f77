package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void anUnknownProgressStyleIsBadInput() {
    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..100", "--progress=dots");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(List.of("scatter run: --progress must be bar or json, got 'dots'"), cli.errLines());
  }
}

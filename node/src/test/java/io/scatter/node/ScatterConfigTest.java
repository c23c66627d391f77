package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What loading a user's configuration file accepts and refuses, and how a refusal reads. */
final class ScatterConfigTest {

  @TempDir
  Path dir;

  private Config load(String text) throws IOException {
    return ScatterConfig.load(Optional.of(Files.writeString(dir.resolve("user.conf"), text)));
  }

  private String refusal(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("user.conf"), text);
    return assertThrows(IllegalArgumentException.class, () -> ScatterConfig.load(Optional.of(file))).getMessage();
  }

  @Test
  void load_clusterMembersSetting_isKnownOutsideTheClusterToo() throws IOException {
    // One user file serves `run` (in-process, without cluster.conf) and `node`: its cluster keys are no typo.
    load("scatter.node.rejoin-backoff = 200ms\n");
    assertTrue(refusal("scatter.node.rejoin-backoff = soon\n").contains("scatter.node.rejoin-backoff"));
  }

  @Test
  void load_validOverrides_areInForce() throws IOException {
    Config config = load("scatter.job.partitions = 8\nscatter.job.lease-timeout = 2s\n"
        + "scatter.fetch.max-body = 1048576\nscatter.job.speculation = off\nscatter.coordinator.speculation.latency-factor = 3\n");

    assertEquals(8, config.getInt("scatter.job.partitions"));
    assertEquals(Duration.ofSeconds(2), config.getDuration("scatter.job.lease-timeout"));
    assertEquals(1_048_576, config.getBytes("scatter.fetch.max-body"), "a bare size is bytes");
  }

  @Test
  void load_wrongType_namesKeyFileLineAndExpectedType() throws IOException {
    String message = refusal("scatter {\n  job {\n    partitions = \"lots\"\n  }\n}\n");

    assertEquals("scatter.job.partitions in " + dir.resolve("user.conf") + ":3 must be a whole number, got \"lots\"",
        message);
  }

  @Test
  void load_durationWithoutUnit_needsAUnit() throws IOException {
    assertTrue(refusal("scatter.job.lease-timeout = 5\n")
        .endsWith("scatter.job.lease-timeout in " + dir.resolve("user.conf") + ":1 needs a unit, e.g. 30s or 500ms, got 5"));
  }

  @Test
  void load_fractionForAWholeNumber_isRefused() throws IOException {
    assertTrue(refusal("scatter.job.max-attempts = 2.5\n").contains("must be a whole number, got 2.5"));
  }

  @Test
  void load_blockReplacedByAValue_saysABlockBelongsThere() throws IOException {
    assertTrue(refusal("scatter.job = 5\n").contains("scatter.job in " + dir.resolve("user.conf")
        + ":1 must be a block of settings { ... }, got 5"));
  }

  @Test
  void load_misspelledKey_isReportedWithTheKnownOne() throws IOException {
    assertEquals("unknown setting scatter.job.partitons in " + dir.resolve("user.conf")
        + ":1; did you mean scatter.job.partitions?", refusal("scatter.job.partitons = 8\n"));
  }

  @Test
  void load_keyInTheWrongBlock_suggestsTheBlockThatHasIt() throws IOException {
    assertTrue(refusal("scatter.job.join-timeout = 2s\n").endsWith("did you mean scatter.cluster.join-timeout?"));
  }

  @Test
  void load_severalProblems_reportsTheFirstAndCountsTheRest() throws IOException {
    assertTrue(refusal("scatter.jobs.partitions = 8\nscatter.job.partitions = x\nscatter.job.max-attempts = y\n")
        .endsWith("(and 2 more configuration problems)"));
  }

  @Test
  void load_dispatcherBlocks_takePekkosKeys() throws IOException {
    Config config = load("scatter.worker-dispatcher.throughput = 5\n"
        + "scatter.batch-dispatcher { type = Dispatcher, executor = fork-join-executor }\n");

    assertEquals(5, config.getInt("scatter.worker-dispatcher.throughput"));
  }

  @Test
  void load_keysOutsideScatter_areNotOursToCheck() throws IOException {
    assertEquals("DEBUG", load("pekko.loglevel = DEBUG\nsomething.else = 1\n").getString("pekko.loglevel"));
  }

  @Test
  void load_clusterMember_knowsTheSameKeys() throws IOException {
    Path file = Files.writeString(dir.resolve("user.conf"), "scatter.cluster.join-timeout = 3s\n");
    assertEquals(Duration.ofSeconds(3),
        ScatterConfig.loadForCluster(Optional.of(file)).getDuration("scatter.cluster.join-timeout"));
  }

  /** A load with nothing of the user's under scatter skips the check: the shipped values must pass it themselves. */
  @Test
  void theShippedFiles_passTheCheckAUsersFileGets() {
    Config scatter = ConfigFactory.parseResources(ScatterConfig.RESOURCE).resolve();
    Config known = ConfigFactory.parseResources(ScatterConfig.CLUSTER_RESOURCE).withFallback(scatter).resolve();

    // As if a user's file set every shipped value again, for a command and for a cluster member.
    SettingsCheck.check(scatter, known, scatter);
    SettingsCheck.check(known, known, known);
  }
}

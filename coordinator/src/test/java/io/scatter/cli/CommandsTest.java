package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CommandsTest {

  @TempDir
  Path dir;

  @Test
  void runPrintsTheAnswerAndItsCost() {
    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..100000", "--partitions", "8", "--mode", "threads");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("answer: 9592"), cli.out());
    assertTrue(cli.out().contains("partitions/s"), cli.out());
    assertEquals("", cli.err());
  }

  @Test
  void runSummarisesAHugeAnswerAsBitsAndDigest() {
    Cli cli = Cli.run("run", "--task", "nested-product", "--param", "n=32", "--mode", "sequential");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("answer: 324,809 bits, sha256 3740bf6a245d87c9"), cli.out());
  }

  @Test
  void runWritesJson() throws IOException {
    Path json = dir.resolve("out/run.json");
    Cli cli = Cli.run("run", "--task", "collatz", "--range", "1..10000", "--mode", "actors", "--json", json.toString());
    assertEquals(0, cli.exitCode(), cli.err());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals("collatz", report.get("task").asText());
    assertEquals("start 6171, chain length 262", report.get("runs").get(0).get("answer").asText());
    assertEquals("actors", report.get("runs").get(0).get("mode").asText());
  }

  @Test
  void failedJobExitsOneNamingThePartitionAndStillWritesJson() throws IOException {
    Path json = dir.resolve("failed.json");
    Cli cli = Cli.run("run", "--task", "test-always-fails", "--param", "at=7", "--range", "0..20", "--partitions", "4",
        "--mode", "actors", "--json", json.toString());
    assertEquals(1, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains("job failed: task 'test-always-fails' failed on partition 1 [5, 10) after 3 attempts: "
        + "IllegalStateException: boom at 7"), cli.err());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertTrue(report.get("runs").get(0).get("error").asText().contains("boom at 7"));
  }

  @Test
  void compareChecksAgreementAndPrintsOneRowPerMode() throws IOException {
    Path json = dir.resolve("compare.json");
    Cli cli = Cli.run("compare", "--task", "primes", "--range", "0..200000", "--warmup", "0", "--json", json.toString());
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("answer (all modes agree): 17984"), cli.out());
    for (String mode : new String[] {"sequential", "threads", "actors"}) {
      assertTrue(cli.out().lines().anyMatch(line -> line.startsWith(mode)), mode + " row in:\n" + cli.out());
    }
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertTrue(report.get("answersAgree").asBoolean());
    assertEquals(3, report.get("runs").size());
    assertEquals(1.0, report.get("runs").get(0).get("speedup").asDouble(), 1e-9);
  }

  @Test
  void compareWithAFailingModeReportsItAndExitsOne() {
    Cli cli = Cli.run("compare", "--task", "test-always-fails", "--param", "at=3", "--range", "0..10", "--warmup", "0",
        "--modes", "sequential,actors");
    assertEquals(1, cli.exitCode());
    assertTrue(cli.out().contains("failed: task 'test-always-fails'"), cli.out());
    assertTrue(cli.err().contains("did not all produce the same answer"), cli.err());
  }

  @Test
  void presetSeedsMatchesTheSeedNotes() {
    Cli cli = Cli.run("compare", "--preset", "seeds", "--modes", "sequential,actors", "--warmup", "0");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("cpu_bound(50): seed notes 230e8a7af76612c4 (1,502,289 bits) -> match"), cli.out());
    assertTrue(cli.out().contains("cpu_bound(63): seed notes c64db8c9639acc6c (3,275,295 bits) -> match"), cli.out());
    assertTrue(cli.out().contains("cpu_bound(32): seed notes 3740bf6a245d87c9 (324,809 bits) -> match"), cli.out());
  }

  @Test
  void tasksListsEveryBuiltIn() {
    Cli cli = Cli.run("tasks");
    assertEquals(0, cli.exitCode());
    for (String task : new String[] {"primes", "spin", "collatz", "nested-product"}) {
      assertTrue(cli.out().lines().anyMatch(line -> line.startsWith(task + " ")), task + " in:\n" + cli.out());
    }
  }

  /** submit's jobs run on the coordinator's workers: it neither lists nor takes --workers. */
  @Test
  void submitHelp_listsNoWorkers_runHelpDoes() {
    Cli submit = Cli.run("submit", "--help");
    Cli run = Cli.run("run", "--help");

    assertEquals(0, submit.exitCode(), submit.err());
    assertFalse(submit.out().contains("--workers"), submit.out());
    assertTrue(submit.out().contains("--weight=W"), submit.out());
    assertTrue(run.out().contains("--workers=N"), run.out());
    assertTrue(Cli.run("compare", "--help").out().contains("--workers=N"));
  }

  /** A local cluster's nodes are on loopback and their own seeds: --seed and --host mean nothing to cluster up. */
  @Test
  void clusterUpHelp_hasNoJoinOptions_andItsOwnWords() {
    for (String sub : new String[] {"up", "status", "down", "kill"}) {
      Cli cli = Cli.run("cluster", sub, "--help");
      assertEquals(0, cli.exitCode(), cli.err());
      assertFalse(cli.out().contains("--seed") || cli.out().contains("--host"), cli.out());
      assertFalse(cli.out().contains("cluster mode:"), "run's words in cluster " + sub + ":\n" + cli.out());
      assertTrue(cli.out().contains("--state-dir=DIR"), cli.out());
    }
    Cli run = Cli.run("run", "--help");
    assertTrue(run.out().contains("--seed=HOST:PORT") && run.out().contains("--host=HOST"), run.out());
  }

  @Test
  void clusterUp_withRunsJoinOption_isRefusedInOneLine() {
    Cli cli = Cli.run("cluster", "up", "--seed", "127.0.0.1:2551");

    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains("Unknown options: '--seed'"), cli.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"run", "compare", "tasks", "demo", "submit", "jobs", "nodes", "cancel"}) {
      Cli cli = Cli.run(command, "--help");
      assertEquals(0, cli.exitCode(), command);
      assertTrue(cli.out().startsWith("Usage: scatter " + command), cli.out());
    }
  }
}

package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad configuration is bad input, as a bad flag is: one line naming the key, where it was set
 * and what it should hold, exit code 2, nothing run. And --help shows the defaults in force.
 */
final class BadConfigTest {

  @TempDir
  Path dir;

  private Path conf(String text) throws IOException {
    return Files.writeString(dir.resolve("x.conf"), text);
  }

  @Test
  void wrongTypeInConfigFile_namesKeyFileAndExpectedType() throws IOException {
    Path file = conf("scatter {\n  job {\n    partitions = \"lots\"\n  }\n}\n");

    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..10", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter run: scatter.job.partitions in " + file + ":3 must be a whole number, got \"lots\"");
  }

  @Test
  void faultInjectionSettingThatIsNoSwitch_stopsTheNodeBeforeItStarts() throws IOException {
    Path file = conf("scatter.node.allow-fault-injection = always\n");

    Cli cli = Cli.run("node", "--port", "2551", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter node: scatter.node.allow-fault-injection in " + file
        + ":1 must be on or off, got \"always\"");
  }

  @Test
  void durationOfTheWrongKindInConfigFile_isBadInput() throws IOException {
    Path file = conf("scatter.job.lease-timeout = banana\n");

    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..10", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter.job.lease-timeout in " + file
        + ":1 must be a duration with a unit, e.g. 30s or 500ms, got \"banana\"");
  }

  @Test
  void negativePartitionsFromConfig_namesTheKeyNotTheFlag() throws IOException {
    Path file = conf("scatter.job.partitions = -3\n");

    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..10", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter.job.partitions in " + file + ":1 must be at least 1, got -3");
    assertFalse(cli.err().contains("--partitions"), cli.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "scatter.job.max-attempts = 0          | run --task primes --range 0..10     | scatter.job.max-attempts in FILE:1 must be at least 1, got 0",
      "scatter.execution.workers = -1        | run --task primes --range 0..10     | scatter.execution.workers in FILE:1 must be at least 1 (or 0 for one per core), got -1",
      "scatter.job.lease-timeout = -5s       | run --task primes --range 0..10     | scatter.job.lease-timeout in FILE:1 must be positive, got -5s",
      "scatter.compare.warmup-runs = -1      | compare --task primes --range 0..10 | scatter.compare.warmup-runs in FILE:1 must be 0 or more, got -1",
      "scatter.cluster.local-nodes = 0       | compare --task primes --range 0..10 | scatter.cluster.local-nodes in FILE:1 must be at least 1, got 0",
      "scatter.fetch.io = warp               | run --url http://127.0.0.1:9/       | scatter.fetch.io in FILE:1: unknown I/O style 'warp'",
      "scatter.fetch.batch = 0               | run --url http://127.0.0.1:9/       | scatter.fetch.batch in FILE:1 must be at least 1, got 0",
      "scatter.fetch.concurrency = 0         | run --url http://127.0.0.1:9/       | scatter.fetch.concurrency in FILE:1 must be at least 1, got 0",
      "scatter.fetch.max-body = 0            | run --url http://127.0.0.1:9/       | scatter.fetch.max-body in FILE:1 must be at least 1, got 0",
      "scatter.fetch.max-urls = 0            | run --url http://127.0.0.1:9/       | scatter.fetch.max-urls in FILE:1 must be at least 1, got 0",
      "scatter.test-server.dispatcher-threads = 0  | test-server --port 0                      | scatter.test-server.dispatcher-threads in FILE:1 must be at least 1, got 0",
      "scatter.cluster.workers-per-node = -1 | node --port 1                       | scatter.cluster.workers-per-node in FILE:1 must be at least 1 (or 0 for one per core), got -1",
      "scatter.node.drain = -1s              | node --port 1                       | scatter.node.drain in FILE:1 must not be negative, got -1s",
      "scatter.lifeline.max-connections = 0  | node --port 1                       | scatter.lifeline.max-connections in FILE:1 must be at least 1, got 0",
      "scatter.lifeline.port = 70000         | node --port 1                       | scatter.lifeline.port in FILE:1 must be between 0 and 65535, got 70000",
  })
  void valueOutOfRangeFromConfig_namesTheKeyAndWhereItWasSet(String setting, String command, String expected)
      throws IOException {
    Path file = conf(setting + "\n");
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--config", file.toString()));

    Cli cli = Cli.run(args.toArray(String[]::new));

    assertOneLineExitTwo(cli, expected.replace("FILE", file.toString()));
    assertFalse(cli.err().contains(" --"), "no flag blamed: " + cli.err());
  }

  @Test
  void zeroFetchTimeoutFromConfig_namesTheKey() throws IOException {
    Path file = conf("scatter.fetch.timeout = 0s\n");

    Cli cli = Cli.run("run", "--url", "http://127.0.0.1:9/", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter.fetch.timeout in " + file + ":1 must be at least 1ms, got 0s");
    assertFalse(cli.err().contains("timeout-ms"), cli.err());
  }

  @Test
  void misspelledKeyInConfigFile_isReportedWithTheKnownOne() throws IOException {
    Path file = conf("scatter {\n  job {\n    partitons = 8\n  }\n}\n");

    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..10", "--config", file.toString());

    assertOneLineExitTwo(cli, "scatter run: unknown setting scatter.job.partitons in " + file
        + ":3; did you mean scatter.job.partitions?");
  }

  @Test
  void badConfig_isRefusedByEveryCommandThatLoadsIt() throws IOException {
    Path file = conf("scatter.job.partitons = 8\n");

    for (List<String> command : List.of(
        List.of("compare", "--task", "primes", "--range", "0..10"),
        List.of("cluster", "status", "--state-dir", dir.resolve("state").toString()),
        List.of("test-server", "--port", "0"),
        List.of("node", "--port", "1"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--config", file.toString()));
      assertOneLineExitTwo(Cli.run(args.toArray(String[]::new)), "unknown setting scatter.job.partitons");
    }
  }

  @Test
  void dispatcherBlocksInConfig_takePekkosKeys() throws IOException {
    Path file = conf("scatter.worker-dispatcher.throughput = 5\nscatter.job.partitions = 4\n");

    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..100", "--config", file.toString());

    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("in 4 partitions"), cli.out());
  }

  /** -D goes to the JVM, so a child JVM: no system property of this one changes. */
  @Test
  void wrongTypeAsSystemProperty_namesKeyAndMinusD() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Dscatter.job.partitions=lots"),
        "run", "--task", "primes", "--range", "0..10")) {
      int code = child.waitFor(Duration.ofSeconds(60));
      String output = child.output();

      assertEquals(2, code, output);
      assertEquals(List.of("scatter run: scatter.job.partitions set with -D must be a whole number, got \"lots\""),
          output.lines().filter(line -> !line.isBlank()).toList());
    }
  }

  @Test
  void misspelledSystemProperty_isReported() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Dscatter.job.lease-timout=5s"),
        "run", "--task", "primes", "--range", "0..10")) {
      int code = child.waitFor(Duration.ofSeconds(60));
      String output = child.output();

      assertEquals(2, code, output);
      assertEquals(List.of("scatter run: unknown setting scatter.job.lease-timout set with -D; "
          + "did you mean scatter.job.lease-timeout?"), output.lines().filter(line -> !line.isBlank()).toList());
    }
  }

  @Test
  void missingConfigFileProperty_isNamed() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Dconfig.file=" + dir.resolve("absent.conf")),
        "run", "--task", "primes", "--range", "0..10")) {
      int code = child.waitFor(Duration.ofSeconds(60));
      String output = child.output();

      assertEquals(2, code, output);
      assertEquals(List.of("scatter run: -Dconfig.file=" + dir.resolve("absent.conf")
          + ": the file does not exist or is not a file"), output.lines().filter(line -> !line.isBlank()).toList());
    }
  }

  @Test
  void flagSmugglingHocon_isNotADuration() {
    Cli cli = Cli.run("run", "--url", "http://127.0.0.1:9/", "--timeout", "5s\", x = \"y");

    assertOneLineExitTwo(cli, "--timeout '5s\", x = \"y' is not a duration");
  }

  @Test
  void runHelp_showsTheDefaultsInForceNotTheirKeys() throws IOException {
    Cli shipped = Cli.run("run", "--help");
    Cli configured = Cli.run("run", "--help", "--config", conf("scatter.job.partitions = 8\n").toString());

    assertEquals(0, shipped.exitCode(), shipped.err());
    assertTrue(shipped.out().contains("N partitions (default: 64)"), shipped.out());
    assertTrue(shipped.out().contains("(default: 60s)"), shipped.out());
    assertFalse(shipped.out().contains("scatter.job.partitions"), shipped.out());
    assertTrue(configured.out().contains("N partitions (default: 8)"), configured.out());
  }

  @Test
  void everyHelpPage_showsValuesForItsDefaults() {
    for (String[] command : List.of(new String[] {"run"}, new String[] {"compare"}, new String[] {"node"},
        new String[] {"test-server"}, new String[] {"cluster", "up"}, new String[] {"cluster", "status"})) {
      String[] args = Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Cli cli = Cli.run(args);

      assertEquals(0, cli.exitCode(), cli.err());
      assertFalse(cli.out().contains("${"), "every placeholder resolved: " + cli.out());
      assertFalse(cli.out().contains("default scatter.") || cli.out().contains("default: scatter."), cli.out());
    }
  }

  private static void assertOneLineExitTwo(Cli cli, String expected) {
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), "exactly one line:\n" + cli.err());
    assertTrue(cli.err().contains(expected), "expected '" + expected + "' in: " + cli.err());
    assertFalse(cli.err().contains("Exception"), "no exception class: " + cli.err());
    assertFalse(cli.err().contains("\tat "), "no stack trace: " + cli.err());
    assertFalse(cli.out().contains("answer"), "nothing ran: " + cli.out());
  }
}

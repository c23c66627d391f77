package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --chaos is checked before anything starts: one line, exit 2, no cluster launched. */
final class ChaosInputTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run --task primes --range 0..10 --chaos kill:RANDOM@40%              | --chaos needs --mode cluster",
      "run --task primes --range 0..10 --mode cluster --chaos boom          | --chaos 'boom' is malformed",
      "run --task primes --range 0..10 --mode cluster --chaos freeze:n@5%   | a freeze needs a duration"})
  void badChaosPrintsOneLineAndExitsTwo(String commandLine, String expected) {
    Cli cli = Cli.run(commandLine.trim().split("\\s+"));
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains(expected), cli.err());
  }

  @Test
  void zeroBaselineRunsPrintsOneLineAndExitsTwo(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("chaos.conf"), "scatter.chaos.baseline-runs = 0\n");
    Cli cli = Cli.run("run", "--task", "primes", "--range", "0..10", "--mode", "cluster", "--chaos", "kill:RANDOM@40%",
        "--config", config.toString(), "--state-dir", dir.resolve("state").toString());
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().contains("scatter.chaos.baseline-runs must be at least 1"), cli.err());
    assertTrue(Files.notExists(dir.resolve("state")), "no cluster was started");
  }
}

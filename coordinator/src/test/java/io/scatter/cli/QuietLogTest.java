package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import io.scatter.testing.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Pekko's warnings stay off stderr unless asked for: a cluster run whose seed nobody listens on
 * makes Pekko warn ("Joining of seed-nodes ... was unsuccessful"), as a user would see it from a
 * real child JVM.
 */
@Execution(ExecutionMode.CONCURRENT)
final class QuietLogTest {

  private static final List<String> SHORT_JOIN = List.of("-Dscatter.cluster.join-timeout=3s");
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String PEKKO_WARNING = "Joining of seed-nodes";

  @TempDir
  Path dir;
  /** The seed: held for the whole test, so no JVM it starts can take its port as its own. */
  private final FreePort.Refusing nobody = new FreePort.Refusing();

  @AfterEach
  void releaseThePort() throws IOException {
    nobody.close();
  }

  private ChildJvm clusterRunAgainstNobody(String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--mode", "cluster", "--seed",
        "127.0.0.1:" + nobody.port(), "--task", "primes", "--range", "0..1000"));
    args.addAll(List.of(extra));
    return ChildJvm.start(dir, SHORT_JOIN, args.toArray(String[]::new));
  }

  @Test
  void withoutVerbosePekkoWarningsGoToTheLogFileTheLastLineNames() throws Exception {
    try (ChildJvm run = clusterRunAgainstNobody()) {
      assertEquals(1, run.waitFor(LIMIT), run.output());
      String output = run.output();

      assertTrue(output.contains("scatter run: could not join cluster 'scatter' through [127.0.0.1:"), output);
      assertFalse(output.contains(PEKKO_WARNING), "no Pekko line on stderr: " + output);
      assertFalse(output.lines().anyMatch(line -> line.matches(".* (WARN|ERROR) .*")), output);
      List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
      Path expected = dir.resolve(".scatter/logs/scatter-run-" + run.pid() + ".log").toAbsolutePath().normalize();
      Matcher last = Pattern.compile("scatter: (\\d+) warnings? from Pekko; full log in (.*)")
          .matcher(lines.get(lines.size() - 1));
      assertTrue(last.matches(), "the last line names the log: " + output);
      assertEquals(expected.toString(), last.group(2));
      String log = Files.readString(expected);
      assertTrue(log.contains(PEKKO_WARNING), log);
      assertEquals(Long.parseLong(last.group(1)), log.lines().filter(line -> line.matches(".* (WARN|ERROR) .*")).count(),
          log);
    }
  }

  @Test
  void withVerbosePekkoWarningsAreOnStderrAndNoLogFileIsWritten() throws Exception {
    try (ChildJvm run = clusterRunAgainstNobody("--verbose")) {
      assertEquals(1, run.waitFor(LIMIT), run.output());
      String output = run.output();

      assertTrue(output.contains(PEKKO_WARNING), output);
      assertTrue(output.contains("scatter run: could not join cluster 'scatter'"), output);
      assertFalse(output.contains("full log in"), output);
      assertFalse(Files.exists(dir.resolve(".scatter/logs")), "nothing written under .scatter/logs");
    }
  }

  @Test
  void aNodeKeepsLoggingToItsOwnOutput() throws Exception {
    // 'cluster up' sends a node's output to the node's log file; moving it elsewhere would empty that file.
    try (ChildJvm node = ChildJvm.start(dir, SHORT_JOIN, "node", "--port", Integer.toString(FreePort.onLoopback()),
        "--seed", "127.0.0.1:" + nobody.port(), "--name", "lonely")) {
      assertEquals(1, node.waitFor(LIMIT), node.output());

      assertTrue(node.output().contains(PEKKO_WARNING), node.output());
      assertFalse(node.output().contains("full log in"), node.output());
      assertFalse(Files.exists(dir.resolve(".scatter/logs")), "nothing written under .scatter/logs");
    }
  }
}

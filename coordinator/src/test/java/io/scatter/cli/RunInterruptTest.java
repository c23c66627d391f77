package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C on {@code scatter run} and {@code compare}: a real child JVM, a real SIGINT; the job is cancelled through the
 * service. Cluster mode's is in ClusterModeTest, which has a cluster up.
 */
@Execution(ExecutionMode.CONCURRENT)
public final class RunInterruptTest {

  private static final Duration LIMIT = Duration.ofSeconds(60);
  /** The hook's line: the job, and how far it got. */
  private static final Pattern CANCELLED = Pattern.compile(
      "scatter run: job \\S+ was cancelled; (\\d+) of 2000 partitions had finished");

  @TempDir
  Path dir;

  /**
   * Sends SIGINT once the job has reported progress (so it runs, and the hook knows its service);
   * the child runs with {@code --progress=json}.
   */
  public static void interruptOnceRunning(ChildJvm child) throws IOException, InterruptedException {
    child.awaitOutput("\"done\":");
    child.interrupt();
  }

  /** The exit code is 130, the output says the job of 2000 partitions was cancelled part way and nothing else went wrong. */
  public static void assertCancelledPartWay(ChildJvm child) throws IOException, InterruptedException {
    assertEquals(130, child.waitFor(LIMIT), child.output());
    Matcher cancelled = CANCELLED.matcher(child.output());
    assertTrue(cancelled.find(), child.output());
    long done = Long.parseLong(cancelled.group(1));
    assertTrue(done > 0 && done < 2000, child.output());
    assertFalse(child.output().contains("job failed"), child.output());
    assertFalse(child.output().contains("answer:"), child.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"actors", "sequential"})
  void ctrlCDuringRunCancelsTheJobSaysHowFarItGotAndExits130(String mode) throws Exception {
    // 2000 x 20 ms: 20 s even over two workers, far longer than the test waits before its SIGINT.
    try (ChildJvm child = ChildJvm.start(dir, List.of(), "run", "--mode", mode, "--workers", "2", "--task",
        "test-sleep", "--param", "ms=20", "--range", "0..2000", "--partitions", "2000", "--progress=json")) {
      interruptOnceRunning(child);

      assertCancelledPartWay(child);
    }
  }

  @Test
  void ctrlCDuringCompareCancelsTheModeRunning_printsTheRowsThatRan_startsNoOther_andExits130() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of(), "compare", "--modes", "sequential,actors", "--workers", "2",
        "--task", "test-sleep", "--param", "ms=20", "--range", "0..2000", "--partitions", "2000", "--warmup", "0",
        "--progress=json")) {
      interruptOnceRunning(child);

      assertEquals(130, child.waitFor(LIMIT), child.output());
      String output = child.output();
      assertTrue(Pattern.compile("sequential +1 failed: job \\S+ was cancelled; \\d+ of 2000 partitions had finished")
          .matcher(output).find(), output);
      assertTrue(output.contains("scatter compare: interrupted; the table shows the 1 of 2 modes that ran"), output);
      assertFalse(output.lines().anyMatch(line -> line.startsWith("actors ")), "no mode starts after Ctrl-C: " + output);
      assertFalse(output.contains("did not all produce the same answer"), output);
    }
  }
}

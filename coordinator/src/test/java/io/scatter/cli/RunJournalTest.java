package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.journal.JournalSettings;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter run --journal}: a one-shot run killed with SIGKILL, or stopped with Ctrl-C, part way
 * is resumed by the same command, which waits for the job the journal kept instead of starting it again. Real child JVMs,
 * the in-process actors pool, an embedded H2 journal in a folder.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class RunJournalTest {

  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final int PARTITIONS = 120;
  private static final int WORKERS = 2;
  private static final long PARTITION_MILLIS = 100;
  private static final Duration RESULTS_EVERY = JournalSettings.from(TestConfig.load()).resultsEvery();
  private static final Pattern RESUMED = Pattern.compile(
      "resumed job (\\S+): (\\d+) of " + PARTITIONS + " partitions kept from journal");

  @TempDir
  Path dir;

  @Test
  void theSameRunAfterAKill_resumesTheKeptJob_andComputesOnlyWhatWasInFlight() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    int ranBeforeKill;
    try (ChildJvm first = ChildJvm.start(dir, List.of(), traceRun(traced))) {
      awaitTraced(first, traced);
      first.process().destroyForcibly().waitFor();
      ranBeforeKill = ranFroms(traced).size();
    }

    assertResumedAndComputedOnlyWhatWasInFlight(traced, ranBeforeKill);
  }

  @Test
  void theSameRunAfterCtrlC_resumesTheJob_whichCtrlCLeftInTheJournal() throws Exception {
    Path traced = Files.createDirectory(dir.resolve("trace"));
    int ranBeforeStop;
    try (ChildJvm first = ChildJvm.start(dir, List.of(), traceRun(traced))) {
      awaitTraced(first, traced);
      first.interrupt();
      assertEquals(130, first.waitFor(LIMIT), first.output());
      assertTrue(first.output().contains("the journal keeps the job and its results: the same command resumes it"),
          first.output());
      ranBeforeStop = ranFroms(traced).size();
    }

    assertResumedAndComputedOnlyWhatWasInFlight(traced, ranBeforeStop);
  }

  /** 120 x 100 ms over two workers: 6 s, long enough to be stopped part way on a loaded machine. */
  private String[] traceRun(Path traced) {
    return new String[] {"run", "--mode", "actors", "--workers", Integer.toString(WORKERS), "--journal",
        dir.resolve("journal").toString(), "--task", "test-trace", "--param", "dir=" + traced, "--param", "ms=" + PARTITION_MILLIS,
        "--range", "0.." + PARTITIONS, "--partitions", Integer.toString(PARTITIONS)};
  }

  private static void awaitTraced(ChildJvm first, Path traced) throws InterruptedException {
    // 40 of 120: the job's first results are written results-every after it starts, and some must be kept.
    Eventually.await(LIMIT, () -> "40 partitions traced; output:\n" + first.output(), () -> {
      assertTrue(first.process().isAlive(), "the first run ended before it was stopped");
      return ranFroms(traced).size() >= 40;
    });
  }

  /**
   * Runs the same command again: it must say it resumed the kept job, answer right, and compute
   * again only what the first run had in flight, far fewer than the partitions it had run.
   */
  private void assertResumedAndComputedOnlyWhatWasInFlight(Path traced, int ranBefore) throws Exception {
    assertTrue(ranBefore < PARTITIONS, "stopped part way: " + ranBefore);
    try (ChildJvm second = ChildJvm.start(dir, List.of(), traceRun(traced))) {
      assertEquals(0, second.waitFor(LIMIT), second.output());
      String output = second.output();
      Matcher resumed = RESUMED.matcher(output);
      assertTrue(resumed.find(), output);
      assertTrue(Long.parseLong(resumed.group(2)) > 0, "some results kept: " + output);
      // test-trace counts the numbers of its range: the answer is whole only if every partition counted once.
      assertTrue(output.contains("answer: " + PARTITIONS), output);
      assertTrue(output.contains("wall "), output);
    }
    Map<Long, Long> runs = ranFroms(traced).stream().collect(Collectors.groupingBy(Function.identity(),
        Collectors.counting()));
    assertEquals(PARTITIONS, runs.size(), "every partition ran: " + runs.keySet());
    long twice = runs.values().stream().filter(count -> count > 1).count();
    // In flight at the stop: what the workers held (running and queued, a few each), and results
    // accepted but not yet written: what the workers finish in scatter.journal.results-every (and the
    // write under way).
    long unwritten = WORKERS * (RESULTS_EVERY.toMillis() / PARTITION_MILLIS + 1);
    assertTrue(twice <= WORKERS * 4 + unwritten && twice < ranBefore,
        "partitions run twice: " + twice + " of " + ranBefore + " run before the stop");
  }

  /** The {@code from} of each partition the trace task ran, once per run. */
  private static List<Long> ranFroms(Path traced) throws IOException {
    try (Stream<Path> files = Files.list(traced)) {
      return files.map(file -> Long.parseLong(file.getFileName().toString().split("-")[1])).toList();
    }
  }
}

package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Partitions are cut lazily: ten million of them run with the coordinator in a 256 MB heap, and a
 * trillion are taken and run in 64 MB until cancelled.
 */
@Execution(ExecutionMode.CONCURRENT)
final class LargeJobMemoryTest {

  private static final Pattern DONE = Pattern.compile("\"done\":(\\d+)");
  private static final Pattern CANCELLED = Pattern.compile("was cancelled; (\\d+) of 1000000000000 partitions had finished");

  @TempDir
  Path dir;

  @Test
  void tenMillionPartitionsRunInA256MbHeap() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx256m"), "run", "--task", "spin", "--param", "ns=0",
        "--range", "0..10000000", "--partitions", "10000000", "--mode", "actors")) {
      int exit = child.waitFor(Duration.ofMinutes(3));
      String output = child.output();
      assertEquals(0, exit, output);
      assertTrue(output.contains("answer: 10000000"), output);
      assertTrue(output.contains("in 10,000,000 partitions"), output);
    }
  }

  /**
   * A trillion partitions (issue 19) are taken, planned on demand, and run with the coordinator in a
   * 64 MB heap until cancelled: anything kept per partition, even a bit each (125 GB), would have
   * run it out of memory long before the first few million had finished.
   */
  @Test
  void aTrillionPartitionsRunInA64MbHeapUntilCancelled() throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m"), "run", "--task", "spin", "--param", "ns=0",
        "--range", "0..1000000000000", "--partitions", "1000000000000", "--mode", "actors", "--progress=json")) {
      long done = awaitDone(child, 3_000_000, Duration.ofMinutes(2));

      child.interrupt();

      assertEquals(130, child.waitFor(Duration.ofMinutes(1)), child.output());
      String output = child.output();
      assertFalse(output.contains("OutOfMemoryError"), output);
      Matcher cancelled = CANCELLED.matcher(output);
      assertTrue(cancelled.find(), output);
      assertTrue(Long.parseLong(cancelled.group(1)) >= done, output);
    }
  }

  /** The partitions done by the child's latest progress line, once at least {@code target}; fails if it ends first. */
  private static long awaitDone(ChildJvm child, long target, Duration limit) throws Exception {
    return Eventually.awaitFound(limit, () -> "the child to finish " + target + " partitions; it is at " + done(child)
        + "; output:\n" + child.output(), () -> {
          assertTrue(child.process().isAlive(), "the child ended at " + done(child) + " of " + target
              + " partitions done; output:\n" + child.output());
          long done = done(child);
          return done >= target ? Optional.of(done) : Optional.empty();
        });
  }

  /** The partitions done by the child's latest progress line; 0 before the first. */
  private static long done(ChildJvm child) throws IOException {
    long done = 0;
    Matcher progress = DONE.matcher(child.output());
    while (progress.find()) {
      done = Long.parseLong(progress.group(1));
    }
    return done;
  }
}

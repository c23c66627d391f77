package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.LatencyRecorder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SeedNotesTest {

  private static final long PARTITIONS = 31;

  @Test
  void remarks_tinyJobSlowerInParallel_sayWhyAndTheCombineShare() {
    Report report = report(row("sequential", 1, 0.024, 1.0, 12_000_000), row("threads", 2, 0.030, 0.8, 14_000_000));

    List<String> lines = SeedNotes.remarks(report);

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("sequential 12 ms (50 % of its wall)"), lines.get(0));
    assertTrue(lines.get(0).contains("threads 14 ms (47 % of its wall)"), lines.get(0));
    assertTrue(lines.get(1).startsWith("threads is slower than sequential: the whole job is 24.0 ms on one thread, "
        + "too small to split; an even share would be 12.0 ms, and the 18.0 ms more"), lines.get(1));
  }

  @Test
  void remarks_jobLongEnoughToSplit_noteOnlyTheCombine() {
    Report report = report(row("sequential", 1, 0.300, 1.0, 150_000_000), row("threads", 2, 0.400, 0.75, 200_000_000));

    List<String> lines = SeedNotes.remarks(report);

    assertEquals(1, lines.size(), "a 300 ms job slower in parallel is not too small to split: " + lines);
  }

  private static RunRow row(String mode, int workers, double wallSeconds, double speedup, long combineNanos) {
    JobStats stats = new JobStats(PARTITIONS, 0, 0, LatencyRecorder.Latency.NONE, 0, 0, workers, 0, 0, List.of(), -1,
        List.of(), 0, List.of(), combineNanos);
    return new RunRow(mode, workers, "324,809 bits", wallSeconds, speedup, speedup / workers, null,
        PARTITIONS / wallSeconds, stats, null);
  }

  private static Report report(RunRow... rows) {
    return new Report("job-1", "nested-product", Map.of("n", "32"), "[1, 32)", PARTITIONS, List.of(rows), true, null);
  }
}

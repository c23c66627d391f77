package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RunningPartitionsTest {

  private static final long MS = 1_000_000;
  private final RunningPartitions<String> running = new RunningPartitions<>();

  private static CoordinatorCommand.Progress progress(long index, long done, long runningMillis) {
    return new CoordinatorCommand.Progress(null, "job", index, 1, done, 1_000, runningMillis * MS, List.of());
  }

  @Test
  void asOf_agesTheLastReportToNow() {
    running.reported("a", progress(7, 250, 1_500), 10_000 * MS);
    assertEquals(Map.of("a", new NodeReport.Running(7, 250, 1_000, 1_800)), running.asOf(10_300 * MS, 60_000 * MS));
  }

  @Test
  void asOf_leavesOutAReportOlderThanALease() {
    running.reported("a", progress(7, 250, 1_500), 0);
    running.reported("b", progress(8, 10, 100), 50_000 * MS);
    assertEquals(Map.of("b", new NodeReport.Running(8, 10, 1_000, 10_100)), running.asOf(60_000 * MS + 1, 60_000 * MS));
  }

  @Test
  void finished_forgetsThePartitionOnlyWhenItsOwnResultCame() {
    running.reported("a", progress(7, 250, 1_500), 0);
    running.finished("a", List.of(new PartitionOutcome.Completed(6, 1, 1L, 1)));
    assertEquals(1, running.asOf(0, MS).size());
    running.finished("a", List.of(new PartitionOutcome.Failed(7, 1, "boom")));
    assertEquals(Map.of(), running.asOf(0, MS));
  }
}

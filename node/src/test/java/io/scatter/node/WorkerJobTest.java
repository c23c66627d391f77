package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU time a worker reads once per turn, shared among the turn's outcomes. */
final class WorkerJobTest {

  private static final WorkerSettings SETTINGS = WorkerSettings.from(ScatterConfig.load());

  private static WorkerJob job() {
    WorkerCommand.Offer offer = new WorkerCommand.Offer("job", new TaskRef("spin", Map.of()), null);
    return new WorkerJob(offer, new WorkerJob.ResolvedTask(null, "unused"), SETTINGS, () -> 0L);
  }

  private static PartitionOutcome completed(long index, long computeNanos) {
    return new PartitionOutcome.Completed(index, 1, index, computeNanos);
  }

  private static List<Long> cpu(List<PartitionOutcome> outcomes) {
    return outcomes.stream().map(outcome -> outcome instanceof PartitionOutcome.Completed c ? c.cpuNanos() : null)
        .toList();
  }

  @Test
  void endTurn_sharesTheTurnsCpuByComputeTime_andTheSharesAddUpToIt() {
    WorkerJob job = job();
    job.startTurn();
    job.record(completed(0, 100), 100);
    job.record(new PartitionOutcome.Failed(1, 1, "boom"), 50);
    job.record(completed(2, 300), 300);
    job.record(completed(3, 200), 200);
    job.endTurn(1_001);

    List<PartitionOutcome> sent = job.takePull(null, 1).outcomes();
    assertEquals(java.util.Arrays.asList(167L, null, 500L, 334L), cpu(sent));
  }

  @Test
  void endTurn_touchesOnlyItsOwnTurn_andLeavesCpuUnknownWhereTheJvmCannotTell() {
    WorkerJob job = job();
    job.startTurn();
    job.record(completed(0, 100), 100);
    job.endTurn(40);
    job.startTurn();
    job.record(completed(1, 0), 1);
    job.record(completed(2, 0), 1);
    job.endTurn(11);
    job.startTurn();
    job.record(completed(3, 100), 100);
    job.endTurn(PartitionOutcome.Completed.CPU_UNKNOWN);

    assertEquals(List.of(40L, 6L, 5L, PartitionOutcome.Completed.CPU_UNKNOWN), cpu(job.takePull(null, 1).outcomes()));
  }
}

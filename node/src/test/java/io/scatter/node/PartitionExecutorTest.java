package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.task.BoundTask;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PartitionExecutorTest {

  @Test
  void run_busyTask_reportsTheCpuTimeOfItsThread() {
    // 2,000 elements x 10 us of busy spinning: about 20 ms of CPU on this thread.
    BoundTask spin = TaskRegistry.load().bind(new TaskRef("spin", Map.of("ns", "10000")));

    PartitionOutcome outcome = PartitionExecutor.run(spin, new Partition("job", 3, 1, new LongRange(0, 2_000)), Ticker.system());

    PartitionOutcome.Completed completed = assertInstanceOf(PartitionOutcome.Completed.class, outcome);
    assertEquals(2_000L, completed.value());
    assertTrue(completed.cpuNanos() > 0, "cpu " + completed.cpuNanos());
  }
}

package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The line a journal keeps to refuse a resume that would compute something else. */
final class JobPlanLineTest {

  private static final TaskRegistry REGISTRY = TaskRegistry.load();

  private static Job job(Map<String, String> params, long partitions) {
    return Job.prepare(new JobSpec(new TaskRef("test-trace", params), Optional.of(new LongRange(0, 100)),
        new Split.IntoCount(partitions), 3, Duration.ofSeconds(30)), REGISTRY);
  }

  @Test
  void planLine_sameParametersInAnotherOrder_isTheSame() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("dir", "/tmp/a");
    one.put("ms", "5");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("ms", "5");
    other.put("dir", "/tmp/a");
    assertEquals(job(one, 10).planLine(), job(other, 10).planLine());
  }

  @Test
  void planLine_anotherCut_differs() {
    assertNotEquals(job(Map.of("dir", "/tmp/a", "ms", "5"), 10).planLine(),
        job(Map.of("dir", "/tmp/a", "ms", "5"), 20).planLine());
  }
}

package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FailureHandlingTest {

  @Test
  void taskThatAlwaysThrowsFailsTheJobNamingTaskPartitionRangeAndCause() {
    Job job = TestTasks.job("test-always-fails", Map.of("at", "42"), new LongRange(0, 100), 10, 3);
    for (JobRunner runner : Modes.inProcess()) {
      try (runner) {
        JobFailedException failure = assertThrows(JobFailedException.class,
            () -> runner.run(job.rerun(), ProgressListener.NONE), runner.mode().label());
        assertEquals("task 'test-always-fails' failed on partition 4 [40, 50) after 3 attempts: "
            + "IllegalStateException: boom at 42", failure.getMessage(), runner.mode().label());
        assertTrue(failure.stats().retries() >= 2, runner.mode().label() + " retried before giving up");
      }
    }
  }

  @Test
  void taskThatThrowsOnceIsRetriedAndTheAnswerIsExact() {
    for (JobRunner runner : Modes.inProcess()) {
      try (runner) {
        Job job = TestTasks.job("test-fails-once", Map.of("run", runner.mode().label() + "-" + System.nanoTime()),
            new LongRange(0, 1_000), 20, 3);
        RunResult result = runner.run(job, ProgressListener.NONE);
        assertEquals(1_000L, result.value(), runner.mode().label());
        assertEquals(20, result.stats().retries(), runner.mode().label());
      }
    }
  }

  @Test
  void singleAttemptPolicyFailsOnTheFirstError() {
    Job job = TestTasks.job("test-always-fails", Map.of("at", "0"), new LongRange(0, 10), 2, 1);
    for (JobRunner runner : Modes.inProcess()) {
      try (runner) {
        JobFailedException failure = assertThrows(JobFailedException.class,
            () -> runner.run(job.rerun(), ProgressListener.NONE));
        assertTrue(failure.getMessage().contains("after 1 attempt: "), failure.getMessage());
        assertEquals(0, failure.stats().retries());
      }
    }
  }
}

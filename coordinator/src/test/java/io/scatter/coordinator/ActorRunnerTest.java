package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.ScatterConfig;
import io.scatter.protocol.LongRange;
import io.scatter.task.TaskRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process runner's way into its jobs: start, cancel, and what a job hears when the runner closes under it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ActorRunnerTest {

  /** 100 x 50 ms over two workers: seconds, long enough to act while it runs. */
  private static Job slowJob() {
    return TestTasks.job("test-sleep", Map.of("ms", "50"), new LongRange(0, 100), 100, 3);
  }

  /** Starts {@code job} on {@code runner} and returns once some of it is done. */
  private static CompletableFuture<JobOutcome> startedAndRunning(ActorRunner runner, Job job) throws Exception {
    CountDownLatch going = new CountDownLatch(1);
    CompletableFuture<JobOutcome> done = runner.start(job, (finished, total) -> going.countDown());
    assertTrue(going.await(30, TimeUnit.SECONDS), "the job got going");
    return done;
  }

  @Test
  void closingUnderARunningJob_failsItSayingTheSystemStopped() throws Exception {
    Job job = slowJob();
    CompletableFuture<JobOutcome> done;
    try (ActorRunner runner = new ActorRunner(ScatterConfig.load(), Modes.WORKERS, TaskRegistry.load())) {
      done = startedAndRunning(runner, job);
    }
    JobOutcome.Failed failed = assertInstanceOf(JobOutcome.Failed.class, done.get(30, TimeUnit.SECONDS));
    assertEquals("the actor system stopped before job " + job.id() + " finished", failed.error());
  }

  @Test
  void cancellingOneJob_leavesAnotherToItsAnswer() throws Exception {
    Job cancelled = slowJob();
    Job other = TestTasks.job("test-sleep", Map.of("ms", "1"), new LongRange(0, 20), 10, 3);
    try (ActorRunner runner = new ActorRunner(ScatterConfig.load(), Modes.WORKERS, TaskRegistry.load())) {
      CompletableFuture<JobOutcome> first = startedAndRunning(runner, cancelled);
      CompletableFuture<JobOutcome> second = runner.start(other, ProgressListener.NONE);
      runner.cancel(cancelled.id());
      assertInstanceOf(JobOutcome.Cancelled.class, first.get(30, TimeUnit.SECONDS));
      assertEquals(20L, assertInstanceOf(JobOutcome.Succeeded.class, second.get(30, TimeUnit.SECONDS)).value());
    }
  }

  @Test
  void aSecondStartOfARunningJob_isRefused() throws Exception {
    Job job = slowJob();
    try (ActorRunner runner = new ActorRunner(ScatterConfig.load(), Modes.WORKERS, TaskRegistry.load())) {
      CompletableFuture<JobOutcome> first = startedAndRunning(runner, job);
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> runner.start(job, ProgressListener.NONE).get(30, TimeUnit.SECONDS));
      assertEquals("job " + job.id() + " is already running", refused.getCause().getMessage());
      runner.cancel(job.id());
      assertInstanceOf(JobOutcome.Cancelled.class, first.get(30, TimeUnit.SECONDS));
    }
  }
}

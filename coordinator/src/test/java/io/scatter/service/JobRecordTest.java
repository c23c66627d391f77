package io.scatter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.coordinator.ProgressListener;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ManualTicker;
import io.scatter.testing.TestConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a running job's view says, from the progress its coordinator reports: no backend, no actors. */
final class JobRecordTest {

  private static final JobRequests REQUESTS = new JobRequests(JobDefaults.from(TestConfig.load()), TaskRegistry.load());

  private static JobRecord record(String mode) {
    JobRequest request = JobRequest.builder().task("primes").range("0..1000").partitions(8L).build();
    return new JobRecord(REQUESTS.prepare(request), mode,
        new ManualTicker(Instant.parse("2026-12-01T00:00:00Z")), id -> { });
  }

  @Test
  void view_runningJob_namesTheModeItRunsInNotItsTask() {
    JobView view = record("cluster").view();

    assertEquals("cluster", view.mode());
    assertEquals("primes", view.task());
  }

  @Test
  void view_runningJobWithPartitionsDispatchedAgain_countsTheRetriesSoFar() {
    JobRecord record = record("cluster");
    ProgressListener progress = record.progress(ProgressListener.NONE);

    progress.onRetries(1);
    progress.onRetries(2);

    assertEquals(2, record.view().retries());
  }

  @Test
  void view_retriesReportedOutOfOrder_neverGoBack() {
    JobRecord record = record("cluster");
    ProgressListener progress = record.progress(ProgressListener.NONE);

    progress.onRetries(3);
    progress.onRetries(2);

    assertEquals(3, record.view().retries());
  }
}

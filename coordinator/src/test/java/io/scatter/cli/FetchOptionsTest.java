package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.coordinator.Job;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.IoStyle;
import io.scatter.protocol.RangePlan;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the fetch options become a job request, and through it the fetch task's parameters, batches and lease. */
final class FetchOptionsTest {

  private static final JobDefaults DEFAULTS = JobDefaults.from(ScatterConfig.load());
  private static final JobRequests REQUESTS = new JobRequests(DEFAULTS, TaskRegistry.load());
  private static final long CONFIGURED_LEASE = DEFAULTS.leaseTimeout().toMillis();

  private static FetchOptions options(long batch, int concurrency, String timeout) {
    FetchOptions fetch = new FetchOptions();
    fetch.urls = List.of("http://127.0.0.1:9/a", "http://127.0.0.1:9/b");
    fetch.batch = batch;
    fetch.concurrency = concurrency;
    fetch.timeout = timeout;
    return fetch;
  }

  private static Job prepare(JobOptions job, FetchOptions fetch, IoStyle style) {
    return RequestFlags.prepare(REQUESTS, FetchOptions.withStyle(fetch.addTo(job.request()), style), Optional.empty());
  }

  @Test
  void addTo_givesTheFetchTaskItsParametersAndBatches() {
    Job job = prepare(new JobOptions(), options(7, 3, "2s"), IoStyle.ASYNC);

    assertEquals("fetch", job.taskRef().name());
    assertEquals(7L, ((RangePlan.BySize) job.plan()).size());
    assertEquals("http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b", job.taskRef().params().get(FetchSettings.URLS));
    assertEquals("async", job.taskRef().params().get(FetchSettings.IO));
    assertEquals("3", job.taskRef().params().get(FetchSettings.CONCURRENCY));
    assertEquals("2000", job.taskRef().params().get(FetchSettings.TIMEOUT_MS));
  }

  @Test
  void addTo_leavesUnsetOptionsUnset_forTheDefaults() {
    FetchOptions fetch = new FetchOptions();
    fetch.urls = List.of("http://127.0.0.1:9/a");

    JobRequest request = fetch.addTo(new JobOptions().request());

    assertEquals(JobRequest.builder().urls(List.of("http://127.0.0.1:9/a")).build(), request);
  }

  @Test
  void blockingWithoutLeaseTimeout_leaseOutlastsEveryRequestTimingOut() {
    Job job = prepare(new JobOptions(), options(100, 64, "10s"), IoStyle.BLOCKING);

    assertEquals(Duration.ofMillis(CONFIGURED_LEASE + 100 * 10_000), job.leaseTimeout());
  }

  @Test
  void asyncWithoutLeaseTimeout_leaseOutlastsOneTimeoutPerRound() {
    Job job = prepare(new JobOptions(), options(100, 64, "10s"), IoStyle.ASYNC);

    assertEquals(Duration.ofMillis(CONFIGURED_LEASE + 3 * 2 * 10_000), job.leaseTimeout(),
        "100 URLs, 64 at a time: two rounds, behind at most two batches a worker runs at once (scatter.worker.overlap)");
  }

  @Test
  void givenLeaseTimeout_isKept() {
    JobOptions options = new JobOptions();
    options.leaseTimeout = "5s";

    Job job = prepare(options, options(100, 64, "10s"), IoStyle.BLOCKING);

    assertEquals(Duration.ofSeconds(5), job.leaseTimeout());
  }

  @Test
  void oneRequestForTwoStyles_eachGetsItsOwnLease() {
    JobOptions options = new JobOptions();
    FetchOptions fetch = options(10, 5, "1s");
    JobRequest base = fetch.addTo(options.request());

    Job blocking = REQUESTS.prepare(FetchOptions.withStyle(base, IoStyle.BLOCKING));
    Job async = REQUESTS.prepare(FetchOptions.withStyle(base, IoStyle.ASYNC));

    assertEquals("async", async.taskRef().params().get(FetchSettings.IO));
    assertEquals(Duration.ofMillis(CONFIGURED_LEASE + 10 * 1_000), blocking.leaseTimeout());
    assertEquals(Duration.ofMillis(CONFIGURED_LEASE + 3 * 2 * 1_000), async.leaseTimeout());
  }
}

package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.IoStyle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the fetch options turn into the fetch task's parameters, its batches and its lease. */
final class FetchOptionsTest {

  private static final Config CONFIG = ScatterConfig.load();

  private static FetchOptions options(long batch, int concurrency, String timeout) {
    FetchOptions fetch = new FetchOptions();
    fetch.urls = List.of("http://127.0.0.1:9/a", "http://127.0.0.1:9/b");
    fetch.batch = batch;
    fetch.concurrency = concurrency;
    fetch.timeout = timeout;
    return fetch;
  }

  @Test
  void applyTo_setsTheTaskItsParametersAndBatches() {
    JobOptions job = new JobOptions();
    options(7, 3, "2s").applyTo(job, CONFIG, IoStyle.ASYNC, Optional.empty());

    assertEquals("fetch", job.task);
    assertEquals(7L, job.split.partitionSize);
    assertEquals("http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b", job.params.get(FetchSettings.URLS));
    assertEquals("async", job.params.get(FetchSettings.IO));
    assertEquals("3", job.params.get(FetchSettings.CONCURRENCY));
    assertEquals("2000", job.params.get(FetchSettings.TIMEOUT_MS));
  }

  @Test
  void applyTo_blockingWithoutLeaseTimeout_leaseOutlastsEveryRequestTimingOut() {
    JobOptions job = new JobOptions();
    options(100, 64, "10s").applyTo(job, CONFIG, IoStyle.BLOCKING, Optional.empty());

    long configured = CONFIG.getDuration("scatter.job.lease-timeout").toMillis();
    assertEquals(Duration.ofMillis(configured + 100 * 10_000), job.lease(CONFIG));
  }

  @Test
  void applyTo_asyncWithoutLeaseTimeout_leaseOutlastsOneTimeoutPerRound() {
    JobOptions job = new JobOptions();
    options(100, 64, "10s").applyTo(job, CONFIG, IoStyle.ASYNC, Optional.empty());

    long configured = CONFIG.getDuration("scatter.job.lease-timeout").toMillis();
    assertEquals(Duration.ofMillis(configured + 3 * 2 * 10_000), job.lease(CONFIG),
        "100 URLs, 64 at a time: two rounds, behind at most two batches a worker runs at once (scatter.worker.overlap)");
  }

  @Test
  void applyTo_givenLeaseTimeout_isKept() {
    JobOptions job = new JobOptions();
    job.leaseTimeout = "5s";
    options(100, 64, "10s").applyTo(job, CONFIG, IoStyle.BLOCKING, Optional.empty());

    assertEquals(Duration.ofSeconds(5), job.lease(CONFIG));
  }

  @Test
  void applyTo_againForAnotherStyle_startsFromTheUsersOptions() {
    JobOptions job = new JobOptions();
    FetchOptions fetch = options(10, 5, "1s");
    fetch.applyTo(job, CONFIG, IoStyle.BLOCKING, Optional.empty());
    Duration blockingLease = job.lease(CONFIG);
    fetch.applyTo(job, CONFIG, IoStyle.ASYNC, Optional.empty());

    assertEquals("async", job.params.get(FetchSettings.IO));
    long configured = CONFIG.getDuration("scatter.job.lease-timeout").toMillis();
    assertEquals(Duration.ofMillis(configured + 10 * 1_000), blockingLease);
    assertEquals(Duration.ofMillis(configured + 3 * 2 * 1_000), job.lease(CONFIG));
  }
}

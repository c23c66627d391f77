package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ActorRunner;
import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.NodeReport;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequestJson;
import io.scatter.service.JobStatus;
import io.scatter.service.JobView;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.PrometheusText;
import io.scatter.testing.TestConfig;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /metrics} on a real server on loopback over the real job service and in-process
 * worker actors: scraped over HTTP, every line checked against the text format, and the values
 * those of the jobs the service ran.
 */
@Timeout(120)
final class MetricsApiTest {

  private static final int WORKERS = 2;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private RunnerJobService service;
  private ApiServer server;
  private final ExecutorService clientPool = Executors.newFixedThreadPool(2);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
      .build();

  private void start(Config serviceConfig) throws Exception {
    TaskRegistry registry = TaskRegistry.load();
    service = RunnerJobService.open(new ActorRunner(serviceConfig, WORKERS, registry), serviceConfig, registry);
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), ApiServerTest.config());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (service != null) {
      service.close();
    }
    clientPool.shutdownNow();
  }

  @Test
  void scrape_afterAJobEnded_showsItsStatsAndTheJvm() throws Exception {
    start(TestConfig.load());
    JobView ended = run("{\"task\":\"primes\",\"range\":\"0..200000\",\"partitions\":8}");
    JobStats stats = ended.stats().orElseThrow();

    HttpResponse<String> response = ApiServerTest.send(client, server, "GET", "/metrics", null, Optional.empty());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow().toLowerCase(Locale.ROOT));
    PrometheusText metrics = PrometheusText.parse(response.body());

    String job = ended.id();
    assertEquals(JobStatus.SUCCEEDED, ended.state());
    assertEquals(8, stats.partitions());
    assertEquals(stats.partitions(), metrics.value("scatter_partitions_total", "job", job, "outcome", "done"));
    assertEquals(stats.retries(), metrics.value("scatter_partitions_total", "job", job, "outcome", "retried"));
    assertEquals(stats.duplicates(), metrics.value("scatter_partitions_total", "job", job, "outcome", "duplicate"));
    assertEquals("counter", metrics.type("scatter_partitions_total").orElseThrow());
    assertEquals(8, metrics.value("scatter_job_partitions", "job", job));
    double seconds = Duration.between(ended.submitted(), ended.ended().orElseThrow()).toNanos() / 1e9;
    assertEquals(8 / seconds, metrics.value("scatter_job_partitions_per_second", "job", job), 1e-6 * 8 / seconds);

    assertEquals(1, metrics.value("scatter_jobs", "state", "succeeded"));
    assertEquals(0, metrics.value("scatter_jobs", "state", "running"));
    assertEquals(0, metrics.value("scatter_jobs", "state", "failed"));
    assertEquals(0, metrics.value("scatter_jobs", "state", "cancelled"));
    assertEquals(1, metrics.value("scatter_jobs_submitted_total"));
    assertEquals(1, metrics.value("scatter_jobs_ended_total", "state", "succeeded"));
    assertEquals(0, metrics.value("scatter_jobs_ended_total", "state", "failed"));

    assertEquals(WORKERS, metrics.value("scatter_workers", "node", NodeReport.IN_PROCESS, "state", "idle"));
    assertEquals(0, metrics.value("scatter_workers", "node", NodeReport.IN_PROCESS, "state", "busy"));
    // In-process nothing is serialized and there is no cluster: the counters are there, at 0.
    assertEquals(0, metrics.value("scatter_wire_bytes_total", "direction", "sent"));
    assertEquals(0, metrics.value("scatter_lifeline_closes_total"));
    assertEquals(0, metrics.value("scatter_unreachable_total"));

    assertTrue(metrics.value("jvm_memory_used_bytes", "area", "heap") > 0, "the JVM's own metrics");
    assertTrue(metrics.value("jvm_threads_current") > 0);
  }

  @Test
  void scrape_whileAJobRuns_showsItRunningWithItsLeasesAndBusyWorkers() throws Exception {
    start(TestConfig.load());
    JobHandle slow = service.submit(request(
        "{\"task\":\"test-sleep\",\"range\":\"0..2000\",\"partitions\":2000,\"params\":{\"ms\":20}}"));
    Eventually.await(PATIENCE, () -> "the slow job to have done a partition", () -> slow.view().partitionsDone() > 0);

    long doneBefore = slow.view().partitionsDone();
    PrometheusText metrics = scrape();
    long doneAfter = slow.view().partitionsDone();

    String job = slow.id();
    double done = metrics.value("scatter_partitions_total", "job", job, "outcome", "done");
    assertTrue(doneBefore <= done && done <= doneAfter, doneBefore + " <= " + done + " <= " + doneAfter);
    assertEquals(1, metrics.value("scatter_jobs", "state", "running"));
    assertEquals(2000, metrics.value("scatter_job_partitions", "job", job));
    assertTrue(metrics.value("scatter_leases_outstanding", "job", job) >= 1, metrics.named("scatter_leases_outstanding")
        .toString());
    assertTrue(metrics.value("scatter_workers", "node", NodeReport.IN_PROCESS, "state", "busy") >= 1,
        metrics.named("scatter_workers").toString());
    assertTrue(metrics.value("scatter_job_partitions_per_second", "job", job) > 0);
    assertEquals(0, metrics.value("scatter_jobs_ended_total", "state", "cancelled"));

    slow.cancel();
    slow.done().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    PrometheusText after = scrape();
    assertEquals(1, after.value("scatter_jobs", "state", "cancelled"));
    assertEquals(1, after.value("scatter_jobs_ended_total", "state", "cancelled"));
    assertEquals(slow.view().partitionsDone(), after.value("scatter_partitions_total", "job", job, "outcome", "done"));
    assertEquals(Optional.empty(), after.find("scatter_leases_outstanding", "job", job), "no leases once it ended");
  }

  @Test
  void scrape_afterTheServiceForgotAJob_hasNoSeriesOfIt_butItsCountsStay() throws Exception {
    // One ended job kept, and none for longer than it takes to end the next.
    start(TestConfig.load()
        .withValue("scatter.service.keep-finished", ConfigValueFactory.fromAnyRef(1))
        .withValue("scatter.service.keep-finished-for", ConfigValueFactory.fromAnyRef("0s")));
    JobView first = run("{\"task\":\"primes\",\"range\":\"0..1000\",\"partitions\":4}");
    JobView second = run("{\"task\":\"primes\",\"range\":\"0..1000\",\"partitions\":2}");

    PrometheusText metrics = scrape();

    assertEquals(Optional.empty(), metrics.find("scatter_partitions_total", "job", first.id(), "outcome", "done"));
    assertEquals(Optional.empty(), metrics.find("scatter_job_partitions", "job", first.id()));
    assertEquals(2, metrics.value("scatter_partitions_total", "job", second.id(), "outcome", "done"));
    assertEquals(1, metrics.value("scatter_jobs", "state", "succeeded"), "the jobs kept");
    assertEquals(2, metrics.value("scatter_jobs_submitted_total"), "the jobs started, forgotten or not");
    assertEquals(2, metrics.value("scatter_jobs_ended_total", "state", "succeeded"));
  }

  @Test
  void metrics_answersOnlyGetAndHead() throws Exception {
    start(TestConfig.load());

    ApiServerTest.problem(ApiServerTest.send(client, server, "POST", "/metrics", "{}", Optional.empty()), 405);
    HttpResponse<String> head = ApiServerTest.send(client, server, "HEAD", "/metrics", null, Optional.empty());
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  private JobView run(String json) throws Exception {
    return service.submit(request(json)).done().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  private static JobRequest request(String json) {
    return JobRequestJson.parse(json);
  }

  private PrometheusText scrape() throws Exception {
    HttpResponse<String> response = ApiServerTest.send(client, server, "GET", "/metrics", null, Optional.empty());
    assertEquals(200, response.statusCode(), response.body());
    return PrometheusText.parse(response.body());
  }
}

package io.scatter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.NodeReport;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.JobService;
import io.scatter.service.JobView;
import io.scatter.testing.PrometheusText;
import io.scatter.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Workers by node and state, and leases by job, from what the service says of its nodes. */
final class NodeMetricsTest {

  private static final List<String> WORKER = List.of("worker");

  @Test
  void scrape_countsWorkersByNodeAndState_leasesByJob_andLeavesCoordinatorsOut() {
    NodeReport coordinator = new NodeReport("127.0.0.1:2551", Optional.empty(), List.of("coordinator"), "up", true,
        true, List.of());
    NodeReport one = new NodeReport("127.0.0.1:2552", Optional.of("node-1"), WORKER, "up", true, false, List.of(
        worker("worker-1", new NodeReport.Work("job-1", 3), new NodeReport.Work("job-2", 1)),
        worker("worker-2", new NodeReport.Work("job-1", 0)),
        worker("worker-3")));
    NodeReport lost = new NodeReport("127.0.0.1:2553", Optional.empty(), WORKER, "up", false, false, List.of(
        worker("worker-1", new NodeReport.Work("job-1", 2))));
    NodeReport empty = new NodeReport("127.0.0.1:2554", Optional.of("node-4"), WORKER, "joining", true, false,
        List.of());

    PrometheusText metrics = scrape(() -> List.of(coordinator, one, lost, empty));

    assertEquals(1, metrics.value("scatter_workers", "node", "node-1", "state", "busy"));
    assertEquals(2, metrics.value("scatter_workers", "node", "node-1", "state", "idle"));
    assertEquals(0, metrics.value("scatter_workers", "node", "node-1", "state", "unreachable"));
    assertEquals(1, metrics.value("scatter_workers", "node", "127.0.0.1:2553", "state", "unreachable"));
    assertEquals(0, metrics.value("scatter_workers", "node", "127.0.0.1:2553", "state", "busy"),
        "a worker on an unreachable node counts as unreachable, whatever it holds");
    assertEquals(0, metrics.value("scatter_workers", "node", "node-4", "state", "idle"), "a worker node without workers");
    assertTrue(metrics.named("scatter_workers").keySet().stream().noneMatch(labels -> labels.get("node")
        .equals("127.0.0.1:2551")), "no series for the coordinator: " + metrics.named("scatter_workers"));
    assertEquals(Map.of(Map.of("job", "job-1"), 5.0, Map.of("job", "job-2"), 1.0),
        metrics.named("scatter_leases_outstanding"));
  }

  @Test
  void scrape_whenTheServiceCannotSayItsNodes_leavesOutOnlyThem() {
    PrometheusText metrics = scrape(() -> {
      throw new IllegalStateException("the job service is closed");
    });

    assertEquals(Map.of(), metrics.named("scatter_workers"));
    assertEquals(Map.of(), metrics.named("scatter_leases_outstanding"));
    assertEquals(0, metrics.value("scatter_jobs", "state", "running"));
    assertEquals(0, metrics.value("scatter_jobs_submitted_total"));
  }

  private static NodeReport.Worker worker(String name, NodeReport.Work... jobs) {
    return new NodeReport.Worker(name, "pekko://scatter/user/" + name, List.of(jobs));
  }

  private static PrometheusText scrape(Supplier<List<NodeReport>> nodes) {
    ScatterMetrics metrics = ScatterMetrics.of(new NodesOnly(nodes), Ticker.system());
    return PrometheusText.parse(new String(metrics.text(), StandardCharsets.UTF_8));
  }

  /** A service with no jobs, whose nodes are what the test says. */
  private record NodesOnly(Supplier<List<NodeReport>> census) implements JobService {

    @Override
    public List<NodeReport> nodes() {
      return census.get();
    }

    @Override
    public List<JobView> list(int limit) {
      return List.of();
    }

    @Override
    public JobHandle submit(JobRequest request) {
      throw new UnsupportedOperationException("no jobs here");
    }

    @Override
    public Optional<JobView> get(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<CompletionStage<JobView>> whenEnded(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<JobView> cancel(String id) {
      return Optional.empty();
    }

    @Override
    public void close() {
    }
  }
}

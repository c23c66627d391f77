package io.scatter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.scatter.coordinator.NodeReport;
import io.scatter.node.ClusterMember;
import io.scatter.node.util.EnumLabels;
import io.scatter.service.JobService;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's nodes as {@link JobService#nodes()} sees them, asked once per scrape: workers by
 * node and state (every worker node, each state, 0 included; coordinators have none and are left
 * out), and partitions leased now by job. A service that cannot say (closed, or its
 * coordinator late past {@code scatter.service.nodes-wait}) leaves these out of that scrape only.
 */
final class NodeMetrics implements MultiCollector {

  private static final String WORKERS = "scatter_workers";
  private static final String WORKERS_HELP = "Worker actors by node (its name, or host:port) and state: busy (holds "
      + "leased partitions), idle, unreachable (its node is)";
  private static final String LEASES = "scatter_leases_outstanding";
  private static final String LEASES_HELP =
      "Partitions of each running job leased to a worker now: dispatched, result not yet in";

  /** What a worker is doing, as the {@code state} label says it. */
  enum WorkerState {
    /** Holds leased partitions of this service's jobs. */
    BUSY,
    /** Holds none. */
    IDLE,
    /** Its node is unreachable: it may be running, but nothing is heard from it. */
    UNREACHABLE
  }

  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

  private final JobService service;

  NodeMetrics(JobService service) {
    this.service = service;
  }

  @Override
  public MetricSnapshots collect() {
    List<NodeReport> nodes;
    try {
      nodes = service.nodes();
    } catch (IllegalStateException e) {
      LOG.debug("metrics without the nodes: {}", e.getMessage());
      return MetricSnapshots.of();
    }
    GaugeSnapshot.Builder workers = GaugeSnapshot.builder().name(WORKERS).help(WORKERS_HELP);
    // By name, not by report: two nodes started under one name are one series, never a duplicate.
    Map<String, Map<WorkerState, Integer>> byNode = new TreeMap<>();
    Map<String, Long> leased = new TreeMap<>();
    for (NodeReport node : nodes) {
      if (!node.roles().contains(ClusterMember.WORKER_ROLE) && node.workers().isEmpty()) {
        continue; // a coordinator: no workers to count, ever
      }
      Map<WorkerState, Integer> byState = byNode.computeIfAbsent(node.name().orElse(node.address()),
          name -> new EnumMap<>(WorkerState.class));
      for (NodeReport.Worker worker : node.workers()) {
        byState.merge(state(node, worker), 1, Integer::sum);
        worker.jobs().forEach(work -> leased.merge(work.jobId(), (long) work.leased(), Long::sum));
      }
    }
    byNode.forEach((name, byState) -> {
      for (WorkerState state : WorkerState.values()) {
        workers.dataPoint(JobMetrics.gauge(byState.getOrDefault(state, 0), "node", name, "state",
            EnumLabels.label(state)));
      }
    });
    GaugeSnapshot.Builder leases = GaugeSnapshot.builder().name(LEASES).help(LEASES_HELP);
    leased.forEach((job, count) -> leases.dataPoint(JobMetrics.gauge(count, "job", job)));
    return MetricSnapshots.of(workers.build(), leases.build());
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return List.of(MetricFamilyDescriptor.gauge(WORKERS).help(WORKERS_HELP).labelNames("node", "state").build(),
        MetricFamilyDescriptor.gauge(LEASES).help(LEASES_HELP).labelNames("job").build());
  }

  private static WorkerState state(NodeReport node, NodeReport.Worker worker) {
    return !node.reachable() ? WorkerState.UNREACHABLE : worker.leased() > 0 ? WorkerState.BUSY : WorkerState.IDLE;
  }
}

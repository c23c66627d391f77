package io.scatter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.scatter.node.util.EnumLabels;
import io.scatter.service.JobService;
import io.scatter.service.JobStatus;
import io.scatter.service.JobView;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs the service keeps, read once per scrape so that every figure of one scrape is of the
 * same moment: how many are in each state, and for each job its partitions done, retried and
 * duplicated, its size and its throughput.
 *
 * <p>The per-job series are bounded: they are those of the jobs the service still keeps, the
 * running ones and the last {@code scatter.service.keep-finished} ended ones. An ended job's series
 * stay while it is kept and drop out when the service forgets it; Prometheus then marks them stale.
 */
final class JobMetrics implements MultiCollector {

  static final String JOBS = "scatter_jobs";
  static final String PARTITIONS = "scatter_partitions";
  static final String JOB_PARTITIONS = "scatter_job_partitions";
  static final String THROUGHPUT = "scatter_job_partitions_per_second";

  private final JobService service;
  private final Ticker ticker;

  JobMetrics(JobService service, Ticker ticker) {
    this.service = service;
    this.ticker = ticker;
  }

  @Override
  public MetricSnapshots collect() {
    List<JobView> jobs = service.list(Integer.MAX_VALUE);
    Instant now = ticker.instant();
    Map<JobStatus, Integer> byState = new EnumMap<>(JobStatus.class);
    CounterSnapshot.Builder partitions = CounterSnapshot.builder().name(PARTITIONS)
        .help("Partitions of each job the service keeps, by outcome: done (result accepted), retried (dispatched "
            + "again), duplicate (a second result, dropped)");
    GaugeSnapshot.Builder sizes = GaugeSnapshot.builder().name(JOB_PARTITIONS)
        .help("Partitions in each job the service keeps");
    GaugeSnapshot.Builder throughput = GaugeSnapshot.builder().name(THROUGHPUT)
        .help("Partitions each job has done per second, from its submission to its end (running: to now)");
    for (JobView job : jobs) {
      byState.merge(job.state(), 1, Integer::sum);
      partitions.dataPoint(count(job.partitionsDone(), "job", job.id(), "outcome", "done"));
      partitions.dataPoint(count(job.retries(), "job", job.id(), "outcome", "retried"));
      partitions.dataPoint(count(job.duplicates(), "job", job.id(), "outcome", "duplicate"));
      sizes.dataPoint(gauge(job.partitions(), "job", job.id()));
      throughput.dataPoint(gauge(perSecond(job, now), "job", job.id()));
    }
    GaugeSnapshot.Builder states = GaugeSnapshot.builder().name(JOBS)
        .help("Jobs the service keeps, by state: running, and the ended ones not yet forgotten");
    for (JobStatus state : JobStatus.values()) {
      states.dataPoint(gauge(byState.getOrDefault(state, 0), "state", EnumLabels.label(state)));
    }
    return MetricSnapshots.of(states.build(), partitions.build(), sizes.build(), throughput.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(JOBS, PARTITIONS, JOB_PARTITIONS, THROUGHPUT);
  }

  private static double perSecond(JobView job, Instant now) {
    Duration elapsed = Duration.between(job.submitted(), job.ended().orElse(now));
    return elapsed.isNegative() || elapsed.isZero() ? 0 : job.partitionsDone() / (elapsed.toNanos() / 1e9);
  }

  static CounterDataPointSnapshot count(double value, String... labels) {
    return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
  }

  static GaugeDataPointSnapshot gauge(double value, String... labels) {
    return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
  }
}

package io.scatter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
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

  private static final String JOBS = "scatter_jobs";
  private static final String JOBS_HELP = "Jobs the service keeps, by state: running, and the ended ones not yet forgotten";
  /** A counter's name without {@code _total}, which the writer adds. */
  private static final String PARTITIONS = "scatter_partitions";
  private static final String PARTITIONS_HELP = "Partitions of each job the service keeps, by outcome: done (result "
      + "accepted), retried (dispatched again), duplicate (a second result, dropped)";
  private static final String JOB_PARTITIONS = "scatter_job_partitions";
  private static final String JOB_PARTITIONS_HELP = "Partitions in each job the service keeps";
  private static final String THROUGHPUT = "scatter_job_partitions_per_second";
  private static final String THROUGHPUT_HELP =
      "Partitions each job has done per second, from its submission to its end (running: to now)";

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
    CounterSnapshot.Builder partitions = CounterSnapshot.builder().name(PARTITIONS).help(PARTITIONS_HELP);
    GaugeSnapshot.Builder sizes = GaugeSnapshot.builder().name(JOB_PARTITIONS).help(JOB_PARTITIONS_HELP);
    GaugeSnapshot.Builder throughput = GaugeSnapshot.builder().name(THROUGHPUT).help(THROUGHPUT_HELP);
    for (JobView job : jobs) {
      byState.merge(job.state(), 1, Integer::sum);
      partitions.dataPoint(count(job.partitionsDone(), "job", job.id(), "outcome", "done"));
      partitions.dataPoint(count(job.retries(), "job", job.id(), "outcome", "retried"));
      partitions.dataPoint(count(job.duplicates(), "job", job.id(), "outcome", "duplicate"));
      sizes.dataPoint(gauge(job.partitions(), "job", job.id()));
      throughput.dataPoint(gauge(perSecond(job, now), "job", job.id()));
    }
    GaugeSnapshot.Builder states = GaugeSnapshot.builder().name(JOBS).help(JOBS_HELP);
    for (JobStatus state : JobStatus.values()) {
      states.dataPoint(gauge(byState.getOrDefault(state, 0), "state", EnumLabels.label(state)));
    }
    return MetricSnapshots.of(states.build(), partitions.build(), sizes.build(), throughput.build());
  }

  /** What the registry checks against the other metrics' names before the first scrape. */
  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return List.of(
        MetricFamilyDescriptor.gauge(JOBS).help(JOBS_HELP).labelNames("state").build(),
        MetricFamilyDescriptor.counter(PARTITIONS).help(PARTITIONS_HELP).labelNames("job", "outcome").build(),
        MetricFamilyDescriptor.gauge(JOB_PARTITIONS).help(JOB_PARTITIONS_HELP).labelNames("job").build(),
        MetricFamilyDescriptor.gauge(THROUGHPUT).help(THROUGHPUT_HELP).labelNames("job").build());
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

package io.scatter.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.scatter.node.util.EnumLabels;
import io.scatter.protocol.wire.WireTally;
import io.scatter.service.JobService;
import io.scatter.service.JobStatus;
import io.scatter.service.ServiceCounts;
import io.scatter.time.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The metrics {@code GET /metrics} writes for one {@link JobService}, in the Prometheus text format,
 * with Prometheus's own client library: every figure is read from the service when scraped (its
 * counts, its jobs, its nodes), never kept a second time here, and the JVM's memory, GC, threads
 * and CPU come from the library's JVM instrumentation. Names follow Prometheus's conventions:
 * {@code scatter_} first, base units in the name, {@code _total} on counters.
 *
 * <pre>{@code
 * ScatterMetrics metrics = ScatterMetrics.of(service, Ticker.system());
 * byte[] body = metrics.text(); // served as ScatterMetrics.CONTENT_TYPE
 * }</pre>
 */
public final class ScatterMetrics {

  /** {@code text/plain; version=0.0.4; charset=utf-8}, as the library's writer says. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  /**
   * The JVM's metrics, once per JVM: the library registers them once per registry and holds every
   * registry it was given for good, so one per server would keep each closed server's service alive.
   */
  private static final PrometheusRegistry JVM = jvm();

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private ScatterMetrics() {
  }

  /** @param ticker the clock a running job's throughput is measured to */
  public static ScatterMetrics of(JobService service, Ticker ticker) {
    ScatterMetrics metrics = new ScatterMetrics();
    PrometheusRegistry registry = metrics.registry;
    counter(registry, "scatter_jobs_submitted_total",
        "Jobs this coordinator started since it started: submitted to it, and resumed from its journal",
        callback -> callback.call(service.counts().started()));
    CounterWithCallback.builder().name("scatter_jobs_ended_total")
        .help("Jobs that ended since this coordinator started, by final state").labelNames("state")
        .callback(callback -> {
          ServiceCounts counts = service.counts();
          for (JobStatus state : JobStatus.values()) {
            if (state != JobStatus.RUNNING) {
              callback.call(counts.ended(state), EnumLabels.label(state));
            }
          }
        }).register(registry);
    counter(registry, "scatter_lifeline_closes_total",
        "Times a node's lifeline to this coordinator closed: its process died, or the connection blipped",
        callback -> callback.call(service.counts().backend().lifelineCloses()));
    counter(registry, "scatter_unreachable_total",
        "Times the failure detector marked a cluster member unreachable",
        callback -> callback.call(service.counts().backend().unreachable()));
    wire(registry, service, "scatter_wire_bytes_total", Unit.BYTES,
        "Bytes this coordinator's serializer wrote (sent) and read (received), every job's and none's",
        WireTally::bytesSent, WireTally::bytesReceived);
    wire(registry, service, "scatter_wire_messages_total", null,
        "Messages this coordinator's serializer wrote (sent) and read (received)",
        WireTally::messagesSent, WireTally::messagesReceived);
    registry.register(new JobMetrics(service, ticker));
    registry.register(new NodeMetrics(service));
    return metrics;
  }

  /** The JVM's metrics and this service's, as they are now. */
  public MetricSnapshots scrape() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (MetricSnapshot snapshot : JVM.scrape()) {
      all.metricSnapshot(snapshot);
    }
    for (MetricSnapshot snapshot : registry.scrape()) {
      all.metricSnapshot(snapshot);
    }
    return all.build();
  }

  /** {@link #scrape()} in the Prometheus text format, UTF-8. */
  public byte[] text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TEXT.write(out, scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics", e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static void counter(PrometheusRegistry registry, String name, String help,
      Consumer<CounterWithCallback.Callback> read) {
    CounterWithCallback.builder().name(name).help(help).callback(read).register(registry);
  }

  private static void wire(PrometheusRegistry registry, JobService service, String name, Unit unit, String help,
      ToLongFunction<WireTally> sent, ToLongFunction<WireTally> received) {
    CounterWithCallback.Builder builder = CounterWithCallback.builder().name(name).help(help).labelNames("direction")
        .callback(callback -> {
          WireTally wire = service.counts().backend().wire();
          callback.call(sent.applyAsLong(wire), "sent");
          callback.call(received.applyAsLong(wire), "received");
        });
    if (unit != null) {
      builder.unit(unit);
    }
    builder.register(registry);
  }

  private static PrometheusRegistry jvm() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return registry;
  }
}

package io.scatter.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's figures as its coordinator gathers them for the job's stats: what happened to its
 * workers (events, bounded), how long accepted partitions took, messages from workers, the most
 * workers at once, the CPU they reported, and who delivered the accepted results. Owned by its {@link JobCoordinator}, used on its
 * thread only.
 */
final class JobTally {

  private final int maxEvents;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final WorkTally work = new WorkTally();
  private final List<JobEvent> events = new ArrayList<>();
  private final TaskStream stream;
  private long messagesFromWorkers;
  private int peakWorkers;
  /** -1 until a worker reports a CPU time. */
  private long workerCpuNanos = -1;

  /**
   * @param maxSpans   partitions the job's task stream keeps at most
   * @param startNanos when the job started, on its coordinator's ticker
   */
  JobTally(int maxEvents, int maxSpans, long startNanos) {
    this.maxEvents = maxEvents;
    this.stream = new TaskStream(maxSpans, startNanos);
  }

  /** Events are for reports; a job with endless churn keeps the first ones rather than growing without bound. */
  void event(JobEvent event) {
    if (events.size() < maxEvents) {
      events.add(event);
    }
  }

  void messageFromWorker() {
    messagesFromWorkers++;
  }

  void workersNow(int count) {
    peakWorkers = Math.max(peakWorkers, count);
  }

  /**
   * Every result counts, duplicates too: the CPU was spent either way, and the in-process modes'
   * figure (the whole JVM's CPU time) includes duplicate and speculative work as well.
   */
  void workerCpu(long nanos) {
    if (nanos >= 0) {
      workerCpuNanos = Math.max(workerCpuNanos, 0) + nanos;
    }
  }

  /**
   * Where the results of one message from a worker are tallied: looked up once for the message,
   * not once per result (a no-op job's message carries hundreds).
   *
   * @param node   {@code host:port} of the worker's node, or {@link NodeReport#IN_PROCESS}
   * @param worker the worker actor's name
   */
  From from(String node, String worker) {
    return new From(node, worker);
  }

  /** One worker's results, as {@link #from} gives them; counted from its first accepted one on. */
  final class From {
    private final String node;
    private final String worker;
    private WorkTally.Counts counts;

    private From(String node, String worker) {
      this.node = node;
      this.worker = worker;
    }

    /** A partition's first result, which took its worker {@code computeNanos} and arrived at {@code arrivedNanos}. */
    void accepted(long partition, long computeNanos, long arrivedNanos) {
      latency.recordNanos(computeNanos);
      if (counts == null) {
        counts = work.of(node, worker);
      }
      counts.accepted(computeNanos);
      if (stream.takes()) {
        stream.add(node + " " + worker, partition, computeNanos, arrivedNanos);
      }
    }
  }

  double medianMillis() {
    return latency.summary().p50Millis();
  }

  JobStats stats(long partitions, long retries, long duplicates, long messagesToWorkers, long speculated,
      long combineNanos) {
    return new JobStats(partitions, retries, duplicates, latency.summary(), messagesToWorkers, messagesFromWorkers,
        peakWorkers, 0, speculated, events, workerCpuNanos, work.shares(), stream.startNanos(), stream.spans(),
        combineNanos);
  }
}

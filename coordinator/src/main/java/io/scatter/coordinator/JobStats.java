package io.scatter.coordinator;

import java.util.List;

/**
 * What running a job cost, beyond its wall time: the same fields in every mode, so the
 * comparison table lines up.
 *
 * @param partitions         partitions in the job
 * @param retries            dispatches beyond each partition's first (failures, expired leases, lost workers)
 * @param duplicates         results dropped because the partition already had one
 * @param messagesToWorkers  messages the coordinator sent to workers (0 where nothing crosses a boundary)
 * @param messagesFromWorkers messages workers sent to the coordinator
 * @param peakWorkers        the most workers the job had at one time
 * @param wireBytes          bytes this JVM serialized and deserialized for the job's messages while it ran,
 *                           sent and received (0 in-process; see {@code WireMeters})
 * @param speculated         speculative copies of straggling partitions handed out
 * @param events             what happened to workers during the job, in order (actor modes only)
 * @param workerCpuNanos     CPU time workers reported with their results (the task's thread, per
 *                           partition), duplicates included; -1 where none was reported
 * @param work               accepted partitions per worker, by node then worker (empty where nothing was accepted)
 * @param startNanos         when the job started, on the clock of {@code events} (0 without actors)
 * @param spans              a sample of which worker ran which partition when (actor modes only;
 *                           {@link TaskStream})
 * @param combineNanos       time the coordinator spent combining partials, summed over the threads that
 *                           combined ({@link ParallelTreeFold}); 0 where not measured
 */
public record JobStats(
    long partitions,
    long retries,
    long duplicates,
    LatencyRecorder.Latency latency,
    long messagesToWorkers,
    long messagesFromWorkers,
    int peakWorkers,
    long wireBytes,
    long speculated,
    List<JobEvent> events,
    long workerCpuNanos,
    List<WorkerShare> work,
    long startNanos,
    List<TaskStream.Span> spans,
    long combineNanos) {

  public JobStats {
    events = List.copyOf(events);
    work = List.copyOf(work);
    spans = List.copyOf(spans);
  }

  /** Stats that say nothing of who did the work, or when (a job stored before it ran, or that never did). */
  public JobStats(long partitions, long retries, long duplicates, LatencyRecorder.Latency latency,
      long messagesToWorkers, long messagesFromWorkers, int peakWorkers, long wireBytes, long speculated,
      List<JobEvent> events, long workerCpuNanos) {
    this(partitions, retries, duplicates, latency, messagesToWorkers, messagesFromWorkers, peakWorkers, wireBytes,
        speculated, events, workerCpuNanos, List.of(), 0, List.of(), 0);
  }

  /** Stats of a run without actors: no messages, no wire, no speculation, no events. */
  public static JobStats local(long partitions, long retries, LatencyRecorder.Latency latency, int threads,
      List<WorkerShare> work, long combineNanos) {
    return new JobStats(partitions, retries, 0, latency, 0, 0, threads, 0, 0, List.of(), -1, work, 0, List.of(),
        combineNanos);
  }

  public JobStats withWireBytes(long bytes) {
    return new JobStats(partitions, retries, duplicates, latency, messagesToWorkers, messagesFromWorkers, peakWorkers,
        bytes, speculated, events, workerCpuNanos, work, startNanos, spans, combineNanos);
  }
}

package io.scatter.coordinator;

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
 * @param wireBytes          bytes serialized and deserialized by this JVM for the job (0 in-process)
 */
public record JobStats(
    long partitions,
    long retries,
    long duplicates,
    LatencyRecorder.Latency latency,
    long messagesToWorkers,
    long messagesFromWorkers,
    int peakWorkers,
    long wireBytes) {

  public JobStats withWireBytes(long bytes) {
    return new JobStats(partitions, retries, duplicates, latency, messagesToWorkers, messagesFromWorkers, peakWorkers,
        bytes);
  }
}

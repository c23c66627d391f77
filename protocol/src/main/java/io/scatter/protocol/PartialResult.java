package io.scatter.protocol;

/**
 * The result of the first part of a partition attempt, {@code [range.from, upTo)}, that a leaving
 * worker ran before it stopped between two slices. The coordinator keeps it and dispatches only
 * {@code [upTo, range.to)} again; combined in order the two give the partition's result.
 *
 * @param computeNanos time spent inside the task on that part
 * @param cpuNanos     CPU time it took, or {@link PartitionOutcome.Completed#CPU_UNKNOWN}
 */
public record PartialResult(long index, int attempt, long upTo, Object value, long computeNanos, long cpuNanos) {
}

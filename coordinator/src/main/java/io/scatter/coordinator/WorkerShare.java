package io.scatter.coordinator;

/**
 * What one worker did for a job: the partitions whose accepted result it delivered, and the time
 * computing them took. A dropped duplicate and a failed attempt are not in it: the share says who
 * produced the answer, not who was busy.
 *
 * @param node           {@code host:port} of the worker's node, or {@link NodeReport#IN_PROCESS}
 * @param worker         the worker actor's name ({@code worker-1}), or the thread's in the modes
 *                       without actors ({@code scatter-pool-1})
 * @param partitions     accepted results it delivered
 * @param computeSeconds the task time of those partitions, as the worker measured it
 */
public record WorkerShare(String node, String worker, long partitions, double computeSeconds) { }

package io.scatter.chaos;

/**
 * A fault as it was carried out.
 *
 * @param atNanos  {@link System#nanoTime()} when the signal or message went out
 * @param progress the job's progress at that moment, 0..1
 * @param error    why it could not be carried out, or null
 */
public record InjectedFault(FaultSpec spec, String node, String address, long atNanos, double progress, String error) {
}

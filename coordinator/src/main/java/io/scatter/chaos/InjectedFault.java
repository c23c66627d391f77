package io.scatter.chaos;

/**
 * A fault as it was carried out, or not.
 *
 * @param atNanos  {@link System#nanoTime()} when the signal or message went out
 * @param progress the job's progress at that moment, 0..1
 * @param error    why it could not be carried out, or null
 * @param refusal  why its node refused it (fault injection off there), or null
 */
public record InjectedFault(FaultSpec spec, String node, String address, long atNanos, double progress, String error,
    String refusal) {

  /** A fault its node did not refuse. */
  public InjectedFault(FaultSpec spec, String node, String address, long atNanos, double progress, String error) {
    this(spec, node, address, atNanos, progress, error, null);
  }
}

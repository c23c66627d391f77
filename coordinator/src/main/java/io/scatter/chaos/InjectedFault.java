package io.scatter.chaos;

/**
 * A fault as it was carried out, or not.
 *
 * @param atNanos        {@link io.scatter.time.Ticker#read()} when the signal or message went out
 * @param progress       the job's progress at that moment, 0..1
 * @param error          why it could not be carried out, or null
 * @param refusal        why its node refused it (fault injection off there), or null
 * @param endsWithTheRun whether it is undone when the run ends if still in force (a freeze this JVM
 *                       signalled: its SIGCONT goes out then), instead of lasting its full time on the node
 */
public record InjectedFault(FaultSpec spec, String node, String address, long atNanos, double progress, String error,
    String refusal, boolean endsWithTheRun) {

  /** A fault its node did not refuse, lasting its full time. */
  public InjectedFault(FaultSpec spec, String node, String address, long atNanos, double progress, String error) {
    this(spec, node, address, atNanos, progress, error, null, false);
  }

  /** Whether it happened: neither refused by its node nor impossible to send. */
  boolean carriedOut() {
    return error == null && refusal == null;
  }
}

package io.scatter.chaos;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When one fault was in force, and which of the coordinator's detections of its node are its own.
 *
 * <p>A fault lasts its duration (a kill, for good) unless a kill of its node ends it sooner, or the
 * run's end does where the run undoes it ({@link InjectedFault#endsWithTheRun()}). Its detections
 * are those from its injection until the next fault carried out on the same node, which claims
 * everything after: of two faults overlapping on one node the events cannot tell which a loss was
 * due to, and a kill's closed connection is always the kill's. A freeze or cutoff is credited no
 * later than {@link #GRACE_NANOS} after it ended: what the coordinator notices of a node that has
 * long been answering again is not that fault's doing.
 *
 * @param fromNanos        when it was injected
 * @param endedNanos       when it stopped being in force; null for a kill
 * @param cutShortBy       what ended it before its time: a later kill of the node (its spec) or
 *                         {@link #JOB_END}; null if nothing did
 * @param claimedBy        the next fault on the node, when it began while this one's detections were
 *                         still being credited; null if none did
 * @param creditUntilNanos detections of the node before this moment are this fault's
 */
record FaultSpan(long fromNanos, Long endedNanos, String cutShortBy, InjectedFault claimedBy, long creditUntilNanos) {

  static final String JOB_END = "the job's end";

  /**
   * A verdict reached from what a node missed while frozen or cut off can land moments after it
   * answers again: a heartbeat round or a lease check already under way (500 ms each in conf/).
   * Twice that, for a coordinator that is itself slow on a busy machine.
   */
  static final long GRACE_NANOS = 1_000_000_000L;

  /**
   * @param all         every fault of the run, carried out or not (only those carried out count)
   * @param jobEndNanos when the job ended, by the run's {@link io.scatter.time.Ticker#read()}
   */
  static FaultSpan of(InjectedFault fault, List<InjectedFault> all, long jobEndNanos) {
    Optional<InjectedFault> next = laterOnNode(fault, all).findFirst();
    Long planned = fault.spec().duration().map(d -> fault.atNanos() + d.toNanos()).orElse(null);
    Long ended = planned;
    String cutShortBy = null;
    if (planned != null) {
      Optional<InjectedFault> kill = laterOnNode(fault, all)
          .filter(f -> f.spec().kind() == FaultSpec.Kind.KILL).findFirst();
      long runEnd = fault.endsWithTheRun() ? jobEndNanos : Long.MAX_VALUE;
      if (kill.isPresent() && kill.get().atNanos() < Math.min(planned, runEnd)) {
        ended = kill.get().atNanos();
        cutShortBy = kill.get().spec().toString();
      } else if (runEnd < planned) {
        ended = runEnd;
        cutShortBy = JOB_END;
      }
    }
    long credited = ended == null ? Long.MAX_VALUE : ended + GRACE_NANOS;
    InjectedFault claimedBy = next.filter(f -> f.atNanos() < credited).orElse(null);
    return new FaultSpan(fault.atNanos(), ended, cutShortBy, claimedBy, claimedBy == null ? credited : claimedBy.atNanos());
  }

  /** Faults carried out on the same node after {@code fault}, earliest first. */
  private static Stream<InjectedFault> laterOnNode(InjectedFault fault, List<InjectedFault> all) {
    return all.stream()
        .filter(f -> f != fault && f.carriedOut() && f.address().equals(fault.address())
            && f.atNanos() > fault.atNanos())
        .sorted(Comparator.comparingLong(InjectedFault::atNanos));
  }

  /** Whether a detection of the node at {@code nanos} is this fault's. */
  boolean credits(long nanos) {
    return nanos >= fromNanos && nanos < creditUntilNanos;
  }
}

package io.scatter.chaos;

import io.scatter.coordinator.JobEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Faults lined up against what the coordinator saw: when each fault was injected, when and how its
 * node's workers were noticed gone, which partitions were dispatched again and when; and the nodes
 * that left on purpose meanwhile, which is no fault. Times are seconds from the start of the job.
 *
 * @param leaves   nodes that left gracefully during the job, in the order they began to
 * @param baseline the same job's wall times without faults, when they were measured (else null)
 */
public record FaultTimeline(List<Row> faults, List<Leave> leaves, long duplicates, double wallSeconds,
    Baseline baseline) {

  /** How a node's loss was noticed: the first of these the coordinator saw after the fault. */
  public static final String CONNECTION_CLOSED = "connection closed";
  public static final String FAILURE_DETECTOR = "failure detector";
  public static final String LEASE_EXPIRY = "lease expiry";
  public static final String LEFT = "left";

  /**
   * A node that left on purpose (SIGTERM, {@code cluster down}): its workers handed back what they had
   * not started, which ran elsewhere at once, no attempt spent.
   *
   * @param node     the node's address ({@code host:port})
   * @param at       seconds from the start of the job when its first worker handed back its work
   * @param returned the partitions handed back
   */
  public record Leave(String node, double at, List<Long> returned) { }

  /**
   * One fault.
   *
   * @param detectedAfter     seconds from injection until the coordinator lost the node's first worker; null if it never did
   * @param detectedBy        how: {@link #CONNECTION_CLOSED}, {@link #FAILURE_DETECTOR}, {@link #LEASE_EXPIRY} or
   *                          {@link #LEFT}; null if it never was
   * @param recoveredAfter    seconds from injection until the first lost partition was dispatched again; null if none was
   * @param redispatched      the partitions the node held, dispatched again to other workers
   * @param endsAt            seconds from the start of the job when a freeze or cutoff was over (cut short or
   *                          not); null for a kill, which never is
   * @param refused           why the node refused the fault, which then never happened; null if it did not
   * @param cutShortBy        what ended a freeze or cutoff before its time: a later kill of its node (that
   *                          fault as written) or "the job's end" (a freeze scatter itself resumes); null if nothing
   * @param claimedBy         the next fault on the same node, as written, when it began before this one's loss was
   *                          through: what the coordinator saw of the node from then on is that fault's; null if none
   */
  public record Row(String fault, String node, double injectedAt, double progress, Double detectedAfter,
      String detectedBy, Double recoveredAfter, List<Long> redispatched, String error, Double endsAt, String refused,
      String cutShortBy, String claimedBy) {

    /** Seconds a freeze or cutoff was in force; null for a kill. */
    public Double lasted() {
      return endsAt == null ? null : endsAt - injectedAt;
    }

    /**
     * Why the coordinator never lost the node, when it did not. A killed node is dead whatever the
     * job saw, and a freeze or cutoff still under way when the job ended was no more noticed than
     * one: only a fault that was over before the job was, was outlasted by the failure detector.
     */
    String undetectedBecause(double jobWallSeconds) {
      if (claimedBy != null) {
        return "the next fault on the same node (" + claimedBy + ") came first, and what followed is credited to it";
      }
      if (endsAt == null) {
        return "the job ended before the loss was detected";
      }
      if (FaultSpan.JOB_END.equals(cutShortBy) || endsAt >= jobWallSeconds) {
        return "the job ended before the loss was detected (the fault was still under way)";
      }
      return "the node answered again before it was given up";
    }
  }

  public static FaultTimeline of(List<InjectedFault> injected, List<JobEvent> events, long startNanos,
      long duplicates, double wallSeconds, Baseline baseline) {
    List<Row> rows = new ArrayList<>();
    long jobEndNanos = startNanos + (long) (wallSeconds * 1e9);
    for (InjectedFault fault : injected) {
      rows.add(row(fault, FaultSpan.of(fault, injected, jobEndNanos), events, startNanos));
    }
    return new FaultTimeline(rows, leaves(events, startNanos), duplicates, wallSeconds, baseline);
  }

  private static List<Leave> leaves(List<JobEvent> events, long startNanos) {
    Map<String, Long> began = new LinkedHashMap<>();
    Map<String, TreeSet<Long>> returned = new LinkedHashMap<>();
    for (JobEvent event : events) {
      if (event instanceof JobEvent.WorkerLeft left) {
        String node = hostPort(left.worker());
        began.putIfAbsent(node, left.atNanos());
        returned.computeIfAbsent(node, n -> new TreeSet<>()).addAll(left.returned());
      }
    }
    List<Leave> leaves = new ArrayList<>();
    began.forEach((node, at) -> leaves.add(new Leave(node, seconds(at - startNanos), List.copyOf(returned.get(node)))));
    return leaves;
  }

  /** {@code host:port} of a worker's path ({@code pekko://name@host:port/user/...}). */
  private static String hostPort(String worker) {
    int at = worker.indexOf('@');
    int slash = worker.indexOf('/', Math.max(at, 0));
    return at < 0 ? worker : worker.substring(at + 1, slash < 0 ? worker.length() : slash);
  }

  /** How an event shows a worker gone, or null if it does not. */
  private static String detection(JobEvent event) {
    if (event instanceof JobEvent.WorkerLost lost) {
      return switch (lost.reason()) {
        case JobEvent.WorkerLost.CONNECTION_CLOSED -> CONNECTION_CLOSED;
        case JobEvent.WorkerLost.DRAIN_CUT_SHORT -> LEFT;
        default -> FAILURE_DETECTOR;
      };
    }
    if (event instanceof JobEvent.LeasesExpired) {
      return LEASE_EXPIRY;
    }
    return event instanceof JobEvent.WorkerLeft ? LEFT : null;
  }

  private static String workerOf(JobEvent event) {
    if (event instanceof JobEvent.WorkerLost lost) {
      return lost.worker();
    }
    if (event instanceof JobEvent.LeasesExpired expired) {
      return expired.worker();
    }
    return event instanceof JobEvent.WorkerLeft left ? left.worker() : "";
  }

  private static List<Long> lostBy(JobEvent event) {
    if (event instanceof JobEvent.WorkerLost lost) {
      return lost.requeued();
    }
    if (event instanceof JobEvent.LeasesExpired expired) {
      return expired.requeued();
    }
    return event instanceof JobEvent.WorkerLeft left ? left.returned() : List.of();
  }

  /** The fault, credited with the detections of its node within its span (see {@link FaultSpan}). */
  private static Row row(InjectedFault fault, FaultSpan span, List<JobEvent> events, long startNanos) {
    double injectedAt = seconds(fault.atNanos() - startNanos);
    if (!fault.carriedOut()) {
      // Nothing happened to the node: whatever the job saw of it meanwhile is not this fault's doing.
      Double endsAt = fault.spec().duration().map(d -> injectedAt + d.toNanos() / 1e9).orElse(null);
      return new Row(fault.spec().toString(), fault.node(), injectedAt, fault.progress(), null, null, null, List.of(),
          fault.error(), endsAt, fault.refusal(), null, null);
    }
    Double endsAt = span.endedNanos() == null ? null : seconds(span.endedNanos() - startNanos);
    String marker = "@" + fault.address() + "/";
    Long detected = null;
    String detectedBy = null;
    TreeSet<Long> lost = new TreeSet<>();
    for (JobEvent event : events) {
      String how = detection(event);
      if (how != null && span.credits(event.atNanos()) && workerOf(event).contains(marker)) {
        if (detected == null) {
          detected = event.atNanos();
          detectedBy = how;
        }
        lost.addAll(lostBy(event));
      }
    }
    Long recovered = null;
    for (JobEvent event : events) {
      if (event instanceof JobEvent.Redispatched again && detected != null && again.atNanos() >= detected
          && again.indices().stream().anyMatch(lost::contains)) {
        recovered = again.atNanos();
        break;
      }
    }
    return new Row(fault.spec().toString(), fault.node(), injectedAt, fault.progress(),
        detected == null ? null : seconds(detected - fault.atNanos()), detectedBy,
        recovered == null ? null : seconds(recovered - fault.atNanos()), List.copyOf(lost), null, endsAt, null,
        span.cutShortBy(), span.claimedBy() == null ? null : span.claimedBy().spec().toString());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  public void print(PrintWriter out) {
    out.println("fault timeline (seconds from the start of the job):");
    for (Row row : faults) {
      if (row.error() != null) {
        out.printf(Locale.ROOT, "  %s: not injected: %s%n", row.fault(), row.error());
        continue;
      }
      if (row.refused() != null) {
        out.printf(Locale.ROOT, "  %s on %s at %.3f s (%.0f%% done): refused by the node, nothing happened: %s%n",
            row.fault(), row.node(), row.injectedAt(), row.progress() * 100, row.refused());
        continue;
      }
      out.printf(Locale.ROOT, "  %s on %s at %.3f s (%.0f%% done)%s; %s; %s%n", row.fault(), row.node(),
          row.injectedAt(), row.progress() * 100,
          row.cutShortBy() == null ? ""
              : String.format(Locale.ROOT, ", lasted %.3f s (cut short by %s)", row.lasted(), row.cutShortBy()),
          row.detectedAfter() == null ? "not detected: " + row.undetectedBecause(wallSeconds)
              : String.format(Locale.ROOT, "detected after %.3f s (%s)", row.detectedAfter(), row.detectedBy()),
          row.recoveredAfter() == null ? "nothing re-dispatched"
              : String.format(Locale.ROOT, "%d partition(s) re-dispatched after %.3f s %s", row.redispatched().size(),
                  row.recoveredAfter(), abbreviate(row.redispatched())));
    }
    long refused = faults.stream().filter(row -> row.refused() != null).count();
    if (refused > 0) {
      out.printf(Locale.ROOT, "  %d of %d fault%s refused by %s node: a node obeys them only when started with "
          + "--allow-fault-injection (as 'cluster up' starts its nodes)%n", refused, faults.size(),
          faults.size() == 1 ? "" : "s", refused == 1 ? "its" : "their");
    }
    for (Leave leave : leaves) {
      out.printf(Locale.ROOT, "  %s left on purpose at %.3f s: %d partition(s) handed back and run elsewhere at once, "
          + "no attempt spent %s%n", leave.node(), leave.at(), leave.returned().size(), abbreviate(leave.returned()));
    }
    out.printf(Locale.ROOT, "  duplicates dropped: %d; wall %.3f s%s%n", duplicates, wallSeconds, cost());
  }

  /** The wall time against the fault-free runs: a cost only where it is more than they vary among themselves. */
  private String cost() {
    if (baseline == null) {
      return "";
    }
    double cost = wallSeconds - baseline.median();
    String against = baseline.runsSeconds().size() == 1
        ? String.format(Locale.ROOT, " against %.3f s fault-free (%+.3f s)", baseline.median(), cost)
        : String.format(Locale.ROOT, " against %.3f s fault-free (median of %d runs, %.3f-%.3f s): %+.3f s",
            baseline.median(), baseline.runsSeconds().size(), baseline.min(), baseline.max(), cost);
    if (baseline.runsSeconds().size() == 1) {
      return cost > 0 ? against : against + ", no slower than the one fault-free run: run-to-run variation, not a gain"
          + " (scatter.chaos.baseline-runs above 1 shows the spread)";
    }
    if (wallSeconds < baseline.min()) {
      return against + ", faster than every fault-free run: noise, the fault cost less than the runs vary";
    }
    if (baseline.covers(wallSeconds)) {
      return against + ", within the fault-free runs' spread: noise";
    }
    return against;
  }

  private static String abbreviate(List<Long> indices) {
    return indices.size() <= 8 ? indices.toString() : indices.subList(0, 8) + "...";
  }
}

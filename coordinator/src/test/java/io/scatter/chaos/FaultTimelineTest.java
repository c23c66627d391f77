package io.scatter.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.JobEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the fault report says, from values alone: no cluster, no actors. */
final class FaultTimelineTest {

  private static final long START = 5_000_000_000L;
  private static final String NODE_2 = "127.0.0.1:2552";

  private static InjectedFault injected(String spec, double atSeconds) {
    return new InjectedFault(FaultSpec.parse(spec), "node-2", "127.0.0.1:2552", START + (long) (atSeconds * 1e9), 0.5,
        null);
  }

  /** A fault carried out on {@code address}; {@code endsWithTheRun} as for a freeze this JVM signalled. */
  private static InjectedFault on(String address, String spec, double atSeconds, boolean endsWithTheRun) {
    return new InjectedFault(FaultSpec.parse(spec), "node-2", address, START + (long) (atSeconds * 1e9), 0.5, null, null,
        endsWithTheRun);
  }

  private static long at(double seconds) {
    return START + (long) (seconds * 1e9);
  }

  private static JobEvent.WorkerLost lost(double atSeconds, String address, String reason, Long... requeued) {
    return new JobEvent.WorkerLost(at(atSeconds), "pekko://s@" + address + "/user/worker-1", reason,
        List.of(requeued));
  }

  private static String printed(FaultTimeline timeline) {
    StringWriter text = new StringWriter();
    timeline.print(new PrintWriter(text, true));
    return text.toString();
  }

  private static String undetected(String spec, double atSeconds, double wallSeconds) {
    return printed(FaultTimeline.of(List.of(injected(spec, atSeconds)), List.of(), START, 0, wallSeconds, null));
  }

  @Test
  void print_killTheJobOutran_saysTheJobEndedBeforeTheLossWasDetected() {
    String report = undetected("kill:RANDOM@50%", 1.0, 2.0);

    assertTrue(report.contains("not detected: the job ended before the loss was detected;"), report);
    assertFalse(report.contains("answered again"), report);
  }

  @Test
  void print_freezeStillUnderWayWhenTheJobEnded_saysTheJobEndedFirst() {
    String report = undetected("freeze:node-2@50%:5s", 1.0, 2.0);

    assertTrue(report.contains("not detected: the job ended before the loss was detected (the fault was still under way)"),
        report);
  }

  @Test
  void print_freezeOverBeforeTheJob_saysTheNodeAnsweredAgain() {
    String report = undetected("freeze:node-2@50%:500ms", 1.0, 4.0);

    assertTrue(report.contains("not detected: the node answered again before it was given up"), report);
  }

  @Test
  void print_detectedKill_givesDetectionAndRecoveryTimes() {
    List<JobEvent> events = List.of(
        new JobEvent.WorkerLost(START + 3_000_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1", "is unreachable",
            List.of(7L)),
        new JobEvent.Redispatched(START + 3_500_000_000L, "pekko://s@127.0.0.1:2551/user/worker-1", List.of(7L)));

    String report = printed(FaultTimeline.of(List.of(injected("kill:node-2@50%", 1.0)), events, START, 0, 5.0, null));

    assertTrue(report.contains("detected after 2.000 s (failure detector); 1 partition(s) re-dispatched after 2.500 s [7]"),
        report);
  }

  @Test
  void print_killSeenByItsClosedLifeline_saysConnectionClosed() {
    List<JobEvent> events = List.of(
        new JobEvent.WorkerLost(START + 1_004_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1",
            JobEvent.WorkerLost.CONNECTION_CLOSED, List.of(3L, 4L)),
        new JobEvent.Redispatched(START + 1_010_000_000L, "pekko://s@127.0.0.1:2551/user/worker-1", List.of(3L)),
        new JobEvent.WorkerLost(START + 3_000_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1",
            JobEvent.WorkerLost.UNREACHABLE, List.of()));

    FaultTimeline timeline = FaultTimeline.of(List.of(injected("kill:node-2@50%", 1.0)), events, START, 0, 5.0, null);

    assertEquals(FaultTimeline.CONNECTION_CLOSED, timeline.faults().get(0).detectedBy());
    assertTrue(printed(timeline).contains("detected after 0.004 s (connection closed); 2 partition(s) re-dispatched "
        + "after 0.010 s [3, 4]"), printed(timeline));
  }

  @Test
  void of_frozenNodesLeaseRanOutFirst_saysLeaseExpiry() {
    List<JobEvent> events = List.of(
        new JobEvent.LeasesExpired(START + 2_200_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1", List.of(9L)),
        new JobEvent.LeasesExpired(START + 2_300_000_000L, "pekko://s@127.0.0.1:2553/user/worker-1", List.of(5L)),
        new JobEvent.WorkerLost(START + 3_000_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1",
            JobEvent.WorkerLost.UNREACHABLE, List.of()));

    FaultTimeline.Row row = FaultTimeline.of(List.of(injected("freeze:node-2@50%:5s", 1.0)), events, START, 0, 9.0,
        null).faults().get(0);

    assertEquals(FaultTimeline.LEASE_EXPIRY, row.detectedBy());
    assertEquals(1.2, row.detectedAfter(), 1e-9);
    assertEquals(List.of(9L), row.redispatched(), "only the frozen node's partitions are its loss");
  }

  @Test
  void of_frozenNodeLaterKilled_creditsTheClosedConnectionAndItsPartitionsToTheKillAlone() {
    List<InjectedFault> faults = List.of(on(NODE_2, "freeze:node-2@20%:6s", 1.0, true), on(NODE_2, "kill:node-2@50%", 2.0,
        false));
    List<JobEvent> events = List.of(lost(2.004, NODE_2, JobEvent.WorkerLost.CONNECTION_CLOSED, 3L, 4L),
        new JobEvent.Redispatched(at(2.010), "pekko://s@127.0.0.1:2551/user/worker-1", List.of(3L, 4L)));

    FaultTimeline timeline = FaultTimeline.of(faults, events, START, 0, 5.0, null);

    FaultTimeline.Row freeze = timeline.faults().get(0);
    FaultTimeline.Row kill = timeline.faults().get(1);
    assertNull(freeze.detectedBy(), freeze.toString());
    assertEquals(List.of(), freeze.redispatched(), "the kill's partitions are not the freeze's");
    assertEquals("kill:node-2@50%", freeze.claimedBy());
    assertEquals(FaultTimeline.CONNECTION_CLOSED, kill.detectedBy());
    assertEquals(List.of(3L, 4L), kill.redispatched());
    assertTrue(printed(timeline).contains("freeze:node-2@20%:6000ms on node-2 at 1.000 s (50% done), lasted 1.000 s "
        + "(cut short by kill:node-2@50%); not detected: the next fault on the same node (kill:node-2@50%) came first, "
        + "and what followed is credited to it; nothing re-dispatched"), printed(timeline));
  }

  @Test
  void of_freezeDetectedBeforeItsNodeWasKilled_keepsItsOwnDetectionAndTheKillItsOwn() {
    List<InjectedFault> faults = List.of(on(NODE_2, "freeze:node-2@20%:6s", 1.0, true), on(NODE_2, "kill:node-2@50%", 4.0,
        false));
    List<JobEvent> events = List.of(lost(3.0, NODE_2, JobEvent.WorkerLost.UNREACHABLE, 5L),
        lost(4.003, NODE_2, JobEvent.WorkerLost.CONNECTION_CLOSED, 6L));

    List<FaultTimeline.Row> rows = FaultTimeline.of(faults, events, START, 0, 9.0, null).faults();

    assertEquals(FaultTimeline.FAILURE_DETECTOR, rows.get(0).detectedBy());
    assertEquals(2.0, rows.get(0).detectedAfter(), 1e-9);
    assertEquals(List.of(5L), rows.get(0).redispatched());
    assertEquals(FaultTimeline.CONNECTION_CLOSED, rows.get(1).detectedBy());
    assertEquals(0.003, rows.get(1).detectedAfter(), 1e-9);
    assertEquals(List.of(6L), rows.get(1).redispatched());
  }

  @Test
  void of_faultOnAnotherNode_doesNotEndAFreezesCredit() {
    List<InjectedFault> faults = List.of(on(NODE_2, "freeze:node-2@20%:6s", 1.0, true),
        on("127.0.0.1:2553", "kill:node-3@50%", 2.0, false));
    List<JobEvent> events = List.of(lost(2.004, "127.0.0.1:2553", JobEvent.WorkerLost.CONNECTION_CLOSED, 8L),
        lost(3.0, NODE_2, JobEvent.WorkerLost.UNREACHABLE, 5L));

    List<FaultTimeline.Row> rows = FaultTimeline.of(faults, events, START, 0, 9.0, null).faults();

    assertEquals(List.of(5L), rows.get(0).redispatched());
    assertNull(rows.get(0).claimedBy());
    assertEquals(List.of(8L), rows.get(1).redispatched());
  }

  @Test
  void of_lossSeenWithinTheGraceAfterAFreeze_isTheFreezes() {
    List<JobEvent> events = List.of(lost(2.9, NODE_2, JobEvent.WorkerLost.UNREACHABLE, 5L));

    FaultTimeline.Row row = FaultTimeline.of(List.of(on(NODE_2, "freeze:node-2@20%:1900ms", 1.0, true)), events, START,
        0, 9.0, null).faults().get(0);

    assertEquals(FaultTimeline.FAILURE_DETECTOR, row.detectedBy());
  }

  @Test
  void of_lossSeenLongAfterAFreezeEnded_isNotTheFreezes() {
    List<JobEvent> events = List.of(lost(4.0, NODE_2, JobEvent.WorkerLost.UNREACHABLE, 5L));

    FaultTimeline timeline = FaultTimeline.of(List.of(on(NODE_2, "freeze:node-2@20%:1s", 1.0, true)), events, START, 0,
        9.0, null);

    assertNull(timeline.faults().get(0).detectedBy());
    assertTrue(printed(timeline).contains("not detected: the node answered again before it was given up"),
        printed(timeline));
  }

  @Test
  void print_freezeCutShortByTheJobsEnd_givesTheTimeItLasted() {
    FaultTimeline timeline = FaultTimeline.of(List.of(on(NODE_2, "freeze:node-2@20%:6s", 1.0, true)), List.of(), START,
        0, 2.345678901234, null);

    FaultTimeline.Row row = timeline.faults().get(0);
    assertEquals(2.345678901, row.endsAt(), 1e-6);
    assertTrue(printed(timeline).contains("freeze:node-2@20%:6000ms on node-2 at 1.000 s (50% done), lasted 1.346 s "
        + "(cut short by the job's end); not detected: the job ended before the loss was detected (the fault was still "
        + "under way)"), printed(timeline));
  }

  @Test
  void of_freezeTheNodeTimesItself_isNotCutShortByTheJobsEnd() {
    FaultTimeline timeline = FaultTimeline.of(List.of(on(NODE_2, "freeze:node-2@20%:6s", 1.0, false)), List.of(), START,
        0, 2.0, null);

    assertEquals(7.0, timeline.faults().get(0).endsAt(), 1e-9);
    assertNull(timeline.faults().get(0).cutShortBy());
    assertFalse(printed(timeline).contains("lasted"), printed(timeline));
  }

  @Test
  void of_refusedKill_doesNotEndAnEarlierFaultsCredit() {
    InjectedFault refused = new InjectedFault(FaultSpec.parse("kill:node-2@50%"), "node-2", NODE_2, at(2.0), 0.5, null,
        "fault injection is off on node-2", false);
    List<JobEvent> events = List.of(lost(3.0, NODE_2, JobEvent.WorkerLost.UNREACHABLE, 5L));

    FaultTimeline.Row freeze = FaultTimeline.of(List.of(on(NODE_2, "cutoff:node-2@20%:6s", 1.0, false), refused),
        events, START, 0, 9.0, null).faults().get(0);

    assertEquals(List.of(5L), freeze.redispatched());
    assertNull(freeze.cutShortBy());
  }

  @Test
  void print_nodeThatLeftOnPurpose_isALeaveNotAFault() {
    List<JobEvent> events = List.of(
        new JobEvent.WorkerLeft(START + 2_000_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1", List.of(6L, 7L)),
        new JobEvent.WorkerLeft(START + 2_001_000_000L, "pekko://s@127.0.0.1:2552/user/worker-2", List.of(8L)));

    FaultTimeline timeline = FaultTimeline.of(List.of(), events, START, 0, 5.0, null);

    assertEquals(List.of(new FaultTimeline.Leave("127.0.0.1:2552", 2.0, List.of(6L, 7L, 8L))), timeline.leaves());
    assertTrue(printed(timeline).contains("127.0.0.1:2552 left on purpose at 2.000 s: 3 partition(s) handed back and "
        + "run elsewhere at once, no attempt spent [6, 7, 8]"), printed(timeline));
  }

  @Test
  void print_faultedRunFasterThanEveryBaselineRun_callsTheNegativeCostNoise() {
    FaultTimeline timeline = FaultTimeline.of(List.of(), List.of(), START, 0, 3.0, new Baseline(List.of(4.4, 4.2, 4.5)));

    String report = printed(timeline);

    assertTrue(report.contains("wall 3.000 s against 4.400 s fault-free (median of 3 runs, 4.200-4.500 s): -1.400 s, "
        + "faster than every fault-free run: noise"), report);
  }

  @Test
  void print_faultedRunWithinTheBaselineSpread_callsItNoise() {
    String report = printed(FaultTimeline.of(List.of(), List.of(), START, 0, 4.3, new Baseline(List.of(4.0, 4.6, 4.1))));

    assertTrue(report.contains("(median of 3 runs, 4.000-4.600 s): +0.200 s, within the fault-free runs' spread: noise"),
        report);
  }

  @Test
  void print_faultedRunSlowerThanEveryBaselineRun_givesTheCostPlainly() {
    String report = printed(FaultTimeline.of(List.of(), List.of(), START, 0, 6.0, new Baseline(List.of(4.0, 4.6, 4.1))));

    assertTrue(report.contains("(median of 3 runs, 4.000-4.600 s): +1.900 s\n"), report);
    assertFalse(report.contains("noise"), report);
  }

  @Test
  void print_oneBaselineRunSlowerThanTheFaultedOne_saysItIsVariationNotAGain() {
    String report = printed(FaultTimeline.of(List.of(), List.of(), START, 0, 3.0, new Baseline(List.of(4.333))));

    assertTrue(report.contains("against 4.333 s fault-free (-1.333 s), no slower than the one fault-free run: "
        + "run-to-run variation, not a gain"), report);
  }

  @Test
  void baseline_evenCount_medianIsTheMeanOfTheMiddleTwo() {
    Baseline baseline = new Baseline(List.of(4.0, 1.0, 3.0, 2.0));

    assertEquals(2.5, baseline.median(), 1e-9);
    assertEquals(1.0, baseline.min(), 1e-9);
    assertEquals(4.0, baseline.max(), 1e-9);
  }
}

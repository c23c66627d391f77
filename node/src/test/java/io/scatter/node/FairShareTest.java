package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fair-share policy alone: costs are given, nothing runs and no clock is read. */
final class FairShareTest {

  /** Every job always has work; each pick runs one partition of the job's fixed cost. Returns run time per job. */
  private static Map<String, Long> runTime(FairShare<String> share, Map<String, Long> costs, int picks) {
    Map<String, Long> time = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      String job = share.next(costs.keySet());
      share.charge(job, costs.get(job));
      time.merge(job, costs.get(job), Long::sum);
    }
    return time;
  }

  @Test
  void next_equalWeightsEqualCosts_alternates() {
    FairShare<String> share = new FairShare<>();
    share.add("a", 1);
    share.add("b", 1);
    Set<String> both = Set.of("a", "b");

    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      String job = share.next(both);
      share.charge(job, 10);
      order.append(job);
    }

    assertEquals("ababab", order.toString());
  }

  @Test
  void next_weightsTwoToOne_givesTwiceTheRunTime() {
    FairShare<String> share = new FairShare<>();
    share.add("heavy", 2);
    share.add("light", 1);

    Map<String, Long> time = runTime(share, Map.of("heavy", 1_000L, "light", 1_000L), 300);

    assertEquals(200_000L, time.get("heavy"));
    assertEquals(100_000L, time.get("light"));
    assertEquals(2.0 / 3, share.share("heavy"), 1e-9);
    assertEquals(1.0 / 3, share.share("light"), 1e-9);
  }

  @Test
  void next_oneJobHas100xLongerPartitions_runTimeStillSplitsEvenly() {
    FairShare<String> share = new FairShare<>();
    share.add("long", 1);
    share.add("short", 1);

    Map<String, Long> time = runTime(share, Map.of("long", 100_000L, "short", 1_000L), 2_020);

    // 20 long partitions and 2,000 short ones: 2 s of run time each, not 100 long for every short one.
    assertEquals(2_000_000L, time.get("long"));
    assertEquals(2_000_000L, time.get("short"));
  }

  @Test
  void add_jobJoinsLate_runsNextWithoutCreditForTheTimeBefore() {
    FairShare<String> share = new FairShare<>();
    share.add("early", 1);
    runTime(share, Map.of("early", 1_000L), 1_000);
    share.add("late", 1);

    assertEquals("late", share.next(Set.of("early", "late")));
    share.charge("late", 1_000);
    // From here on they alternate: the late job is not owed the early one's second of run time.
    Map<String, Long> time = runTime(share, Map.of("early", 1_000L, "late", 1_000L), 100);
    assertEquals(50_000L, time.get("early"));
    assertEquals(50_000L, time.get("late"));
  }

  @Test
  void next_jobBackFromAnEmptyQueue_hasNoCreditForTheTimeItSatOut() {
    FairShare<String> share = new FairShare<>();
    share.add("busy", 1);
    share.add("bursty", 1);
    runTime(share, Map.of("busy", 1_000L), 500); // bursty had nothing queued meanwhile

    Map<String, Long> time = runTime(share, Map.of("busy", 1_000L, "bursty", 1_000L), 100);

    assertEquals(50_000L, time.get("busy"));
    assertEquals(50_000L, time.get("bursty"));
  }

  @Test
  void remove_removedJob_isNeverPickedAndTheOthersShareTheWorker() {
    FairShare<String> share = new FairShare<>();
    share.add("a", 1);
    share.add("b", 1);
    share.add("c", 2);
    runTime(share, Map.of("a", 10L, "b", 10L, "c", 10L), 40);

    share.remove("c");

    assertEquals(0, share.share("c"));
    assertEquals(0.5, share.share("a"), 1e-9);
    Map<String, Long> time = runTime(share, Map.of("a", 10L, "b", 10L), 10);
    assertEquals(Map.of("a", 50L, "b", 50L), time);
    assertNull(share.next(List.of("c")));
    share.charge("c", 10); // a late cost of a removed job changes nothing
    assertEquals(2, share.size());
  }

  @Test
  void next_onlyOneJobReady_picksItWhateverItsVirtualTime() {
    FairShare<String> share = new FairShare<>();
    share.add("a", 1);
    share.add("b", 1);
    share.charge("a", 1_000_000);

    assertEquals("a", share.next(Set.of("a")));
  }

  @Test
  void add_weightNotPositive_isRefusedNamingIt() {
    FairShare<String> share = new FairShare<>();

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> share.add("a", 0));

    assertEquals("a job's weight must be a positive number, got 0.0", refused.getMessage());
  }
}

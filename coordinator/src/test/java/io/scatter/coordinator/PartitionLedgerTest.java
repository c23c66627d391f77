package io.scatter.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PartitionLedgerTest {

  private static final long LEASE = Duration.ofSeconds(60).toNanos();

  private final Set<Long> completed = new HashSet<>();
  private final Job job = TestTasks.job("test-concat", Map.of(), new LongRange(0, 100), 10, 3);
  private final PartitionLedger<String> ledger =
      new PartitionLedger<>(job, completed::contains, PartitionLedger.Speculation.OFF);

  private PartitionLedger<String> speculating(long afterNanos) {
    return new PartitionLedger<>(job, completed::contains, PartitionLedger.Speculation.after(afterNanos));
  }

  private static List<Long> indices(List<Partition> partitions) {
    return partitions.stream().map(Partition::index).toList();
  }

  @Test
  void lease_freshPartitions_comeInIndexOrderAsFirstAttempts() {
    List<Partition> first = ledger.lease("a", 3, 0, true);
    List<Partition> second = ledger.lease("b", 2, 0, true);
    assertEquals(List.of(0L, 1L, 2L), indices(first));
    assertEquals(List.of(3L, 4L), indices(second));
    assertTrue(first.stream().allMatch(p -> p.attempt() == 1));
    assertEquals(job.plan().partition(1), first.get(1).range());
    assertEquals(5, ledger.leased());
  }

  @Test
  void lease_afterEverythingDispatched_grantsNothing() {
    ledger.lease("a", 100, 0, false);
    assertTrue(ledger.lease("a", 5, 0, false).isEmpty());
    assertFalse(ledger.hasWork());
  }

  @Test
  void fairShare_whileOthersHoldNothing_isAnEvenSplitLessWhatTheWorkerHolds() {
    List<String> workers = List.of("a", "b", "c");
    assertEquals(4, ledger.evenShare("a", workers), "10 waiting for a and two idle workers");
    ledger.lease("a", 4, 0, true);
    assertEquals(0, ledger.evenShare("a", workers), "a holds its 4 of (6 + 4) / 3, rounded up");
    assertEquals(3, ledger.evenShare("b", workers), "6 waiting for b and idle c");
    assertEquals(6, ledger.evenShare("b", List.of("a", "b")), "nobody else is idle: all of it");
    ledger.lease("b", 3, 0, true);
    assertEquals(3, ledger.evenShare("c", workers), "a and b hold some: what waits may all go to c");
    ledger.completed(0);
    ledger.completed(1);
    ledger.completed(2);
    ledger.completed(3);
    assertEquals(2, ledger.evenShare("a", workers), "a is idle again: it and idle c split the 3 waiting");
    assertEquals(0, ledger.evenShare("b", workers), "b holds 3, already its share of 3 waiting + 3 over b, a and c");
    ledger.lease("c", 100, 0, true);
    assertEquals(0, ledger.evenShare("b", workers), "nothing waits");
  }

  @Test
  void fairShare_lastTwoPartitions_goOneToEachWorker_evenWhenTheFirstAsksTwice() {
    Job two = TestTasks.job("test-concat", Map.of(), new LongRange(0, 2), 2, 3);
    PartitionLedger<String> small = new PartitionLedger<>(two, completed::contains, PartitionLedger.Speculation.OFF);
    List<String> workers = List.of("a", "b");
    assertEquals(1, small.evenShare("a", workers));
    small.lease("a", 1, 0, true);
    assertEquals(0, small.evenShare("a", workers), "a started its partition and asks again before b asked once");
    assertEquals(1, small.evenShare("b", workers));
  }

  @Test
  void failed_belowAttemptLimit_retriesOnAnotherWorkerFirst() {
    ledger.lease("a", 2, 0, true);
    PartitionLedger.Verdict verdict = ledger.failed(1, 1, "boom");
    assertInstanceOf(PartitionLedger.Verdict.WillRetry.class, verdict);
    assertEquals(List.of(2L, 3L), indices(ledger.lease("a", 2, 0, true)), "the failing worker is passed over");
    List<Partition> retry = ledger.lease("b", 1, 0, true);
    assertEquals(List.of(1L), indices(retry));
    assertEquals(2, retry.get(0).attempt());
    assertEquals(1, ledger.redispatched());
  }

  @Test
  void failed_onlyWorkerLeft_getsItsOwnRetry() {
    ledger.lease("a", 1, 0, false);
    ledger.failed(0, 1, "boom");
    assertEquals(List.of(0L), indices(ledger.lease("a", 1, 0, false)));
  }

  @Test
  void failed_atAttemptLimit_givesUpNamingThePartition() {
    Partition partition = ledger.lease("a", 1, 0, false).get(0);
    for (int attempt = 1; attempt < 3; attempt++) {
      assertInstanceOf(PartitionLedger.Verdict.WillRetry.class, ledger.failed(0, attempt, "boom"));
      partition = ledger.lease("a", 1, 0, false).get(0);
    }
    PartitionLedger.Verdict verdict = ledger.failed(0, partition.attempt(), "boom 3");
    PartitionLedger.Verdict.GiveUp giveUp = assertInstanceOf(PartitionLedger.Verdict.GiveUp.class, verdict);
    assertEquals(0, giveUp.partition().index());
    assertEquals(3, giveUp.failures());
    assertEquals("boom 3", giveUp.lastError());
  }

  @Test
  void failed_staleAttempt_isIgnored() {
    ledger.lease("a", 1, 0, false);
    ledger.expire(LEASE + 1);
    ledger.lease("b", 1, LEASE + 1, false);
    assertInstanceOf(PartitionLedger.Verdict.Ignored.class, ledger.failed(0, 1, "late failure of attempt 1"));
  }

  @Test
  void expire_pastDeadline_requeuesAsNextAttemptWithoutCountingFailure() {
    ledger.lease("a", 2, 0, true);
    assertTrue(ledger.expire(LEASE).isEmpty(), "not expired at the deadline itself");
    List<Partition> expired = ledger.expire(LEASE + 1);
    assertEquals(List.of(0L, 1L), indices(expired).stream().sorted().toList());
    List<Partition> again = ledger.lease("b", 2, LEASE + 1, true);
    assertTrue(again.stream().allMatch(p -> p.attempt() == 2));
    // Expiries are not failures: three more failures are still allowed before giving up.
    assertInstanceOf(PartitionLedger.Verdict.WillRetry.class, ledger.failed(again.get(0).index(), 2, "x"));
  }

  @Test
  void workerLost_requeuesOnlyThatWorkersPartitions() {
    ledger.lease("a", 2, 0, true);
    ledger.lease("b", 2, 0, true);
    List<Partition> lost = ledger.workerLost("a");
    assertEquals(List.of(0L, 1L), indices(lost).stream().sorted().toList());
    assertEquals(2, ledger.leased());
  }

  @Test
  void returned_unstartedPartitions_goFirstAsTheSameAttemptAndAreNoRetry() {
    ledger.lease("leaving", 4, 0, true);
    ledger.lease("staying", 2, 0, true);

    List<Partition> back = ledger.returned("leaving", List.of(2L, 3L, 5L));

    assertEquals(List.of(2L, 3L), indices(back), "5 is not the leaving worker's to return");
    List<Partition> next = ledger.lease("staying", 3, 10, true);
    assertEquals(List.of(2L, 3L, 6L), indices(next), "handed-back partitions go before fresh ones, in their order");
    assertTrue(next.stream().allMatch(p -> p.attempt() == 1), "no attempt spent: " + next);
    assertEquals(0, ledger.redispatched(), "dispatching a handed-back partition is no retry");
    assertEquals(List.of(0L, 1L), indices(ledger.workerLost("leaving")).stream().sorted().toList(),
        "what it ran and did not return is still its own");
  }

  @Test
  void returned_partitionCompletedMeanwhile_isNotQueuedAgain() {
    ledger.lease("leaving", 2, 0, true);
    completed.add(1L);

    assertEquals(List.of(0L), indices(ledger.returned("leaving", List.of(0L, 1L))));
    assertFalse(ledger.lease("other", 10, 0, true).stream().anyMatch(p -> p.index() == 1L));
  }

  @Test
  void expiring_namesTheHolderOfEachLeaseThatRanOut() {
    ledger.lease("a", 2, 0, true);
    ledger.lease("b", 1, LEASE, true);

    assertEquals(Map.of("a", List.of(0L, 1L)), Map.of("a", ledger.expiring(LEASE + 1).get("a").stream().sorted().toList()));
    assertFalse(ledger.expiring(LEASE + 1).containsKey("b"));
  }

  @Test
  void lease_retryOfPartitionCompletedMeanwhile_isSkipped() {
    ledger.lease("a", 1, 0, false);
    ledger.expire(LEASE + 1);
    completed.add(0L);
    ledger.completed(0);
    List<Partition> next = ledger.lease("b", 1, LEASE + 1, false);
    assertEquals(List.of(1L), indices(next), "partition 0 finished through its first attempt");
  }

  @Test
  void lease_nothingLeftAndSpeculationOn_copiesTheOldestStragglerToAnotherWorker() {
    PartitionLedger<String> ledger = speculating(100);
    ledger.lease("slow", 1, 0, true);
    ledger.lease("fast", 9, 50, true);
    completed.addAll(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
    List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L).forEach(ledger::completed);
    assertTrue(ledger.lease("fast", 1, 99, true).isEmpty(), "not old enough yet");
    List<Partition> copy = ledger.lease("fast", 4, 100, true);
    assertEquals(List.of(0L), indices(copy));
    assertEquals(2, copy.get(0).attempt());
    assertEquals(1, ledger.speculated());
    assertTrue(ledger.lease("other", 1, 200, true).isEmpty(), "one copy per partition");
  }

  @Test
  void lease_speculationNeverCopiesToTheWorkerHoldingTheOriginal() {
    PartitionLedger<String> ledger = speculating(0);
    ledger.lease("only", 10, 0, false);
    assertTrue(ledger.lease("only", 1, 1_000, false).isEmpty());
  }

  @Test
  void failed_oneOfTwoCopies_waitsForTheOtherCopy() {
    PartitionLedger<String> ledger = speculating(0);
    ledger.lease("a", 10, 0, true);
    for (long i = 1; i < 10; i++) {
      completed.add(i);
      ledger.completed(i);
    }
    Partition copy = ledger.lease("b", 1, 10, true).get(0);
    assertInstanceOf(PartitionLedger.Verdict.Ignored.class, ledger.failed(0, copy.attempt(), "copy failed"));
    assertFalse(ledger.hasWork(), "the original is still running");
    assertInstanceOf(PartitionLedger.Verdict.WillRetry.class, ledger.failed(0, 1, "original failed too"));
    assertTrue(ledger.hasWork());
  }

  @Test
  void workerLost_withACopyStillRunningElsewhere_requeuesNothing() {
    PartitionLedger<String> ledger = speculating(0);
    ledger.lease("a", 10, 0, true);
    for (long i = 1; i < 10; i++) {
      completed.add(i);
      ledger.completed(i);
    }
    ledger.lease("b", 1, 10, true);
    assertTrue(ledger.workerLost("a").isEmpty());
    assertEquals(1, ledger.leased());
    assertEquals(List.of(0L), indices(ledger.workerLost("b")));
  }

  @Test
  void returnedBegun_requeuesTheRestFirst_underANewAttempt_withoutCountingARetry() {
    ledger.lease("a", 2, 0, true);
    Partition rest = ledger.returnedBegun("a", 0, 1, 4);

    assertEquals(new LongRange(4, 10), rest.range());
    assertEquals(2, rest.attempt());
    List<Partition> next = ledger.lease("b", 1, 0, true);
    assertEquals(List.of(rest), next);
    assertEquals(0, ledger.redispatched());
    assertEquals(Map.of("a", 1, "b", 1), ledger.leasesByWorker(), "a still holds partition 1, which it did not begin");
  }

  @Test
  void returnedBegun_whileACopyIsStillOut_requeuesNothing() {
    PartitionLedger<String> speculating = speculating(0);
    speculating.lease("a", 10, 0, true);
    Partition copy = speculating.lease("b", 1, 1, true).get(0);
    assertEquals(2, copy.attempt());

    assertEquals(null, speculating.returnedBegun("a", copy.index(), 1, copy.range().from() + 1));
    assertFalse(speculating.hasWork(), "the copy will finish it whole");
  }

  @Test
  void attempts_neverRepeat_evenWhenACopyIsLostBeforeTheOriginalFails() {
    PartitionLedger<String> speculating = speculating(0);
    speculating.lease("a", 10, 0, true);
    Partition copy = speculating.lease("b", 1, 1, true).get(0);
    speculating.workerLost("b");

    PartitionLedger.Verdict verdict = speculating.failed(copy.index(), 1, "boom");
    Partition retry = assertInstanceOf(PartitionLedger.Verdict.WillRetry.class, verdict).next();
    assertEquals(3, retry.attempt(), "attempt 2 was the lost copy's");
  }

  @Test
  void renew_extendsOnlyTheNamedWorkersLease() {
    ledger.lease("a", 1, 0, true);
    ledger.lease("b", 1, 0, true);
    assertTrue(ledger.renew("a", 0, LEASE / 2));
    assertFalse(ledger.renew("a", 1, LEASE / 2), "b holds partition 1");

    List<Partition> expired = ledger.expire(LEASE + 1);
    assertEquals(List.of(1L), indices(expired));
    assertEquals(List.of(0L), indices(ledger.expire(LEASE / 2 + LEASE + 1)));
  }
}

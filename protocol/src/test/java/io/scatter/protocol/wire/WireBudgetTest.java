package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.TaskRegistry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

final class WireBudgetTest {

  private static final int FRAME = 64 * 1024;
  private static final int PAYLOAD = FRAME - WireBudget.ENVELOPE_RESERVE_BYTES;

  private final WireCodec codec =
      new WireCodec(WireRegistry.forTasks(TaskRegistry.load()), () -> null, WireBudgetTest.class.getClassLoader());
  private final WireBudget budget = new WireBudget(FRAME, message -> codec.encode(message).length);

  /** A result of about {@code bytes} bytes on the wire. */
  private static PartitionOutcome.Completed completed(long index, int bytes) {
    return new PartitionOutcome.Completed(index, 1, BigInteger.ONE.shiftLeft(bytes * 8 - 1), 1_000);
  }

  /** Every message fits the payload, and decodes to what was encoded. */
  private <T> List<T> sentAndDecoded(List<T> messages) throws Exception {
    List<T> decoded = new ArrayList<>();
    for (T message : messages) {
      byte[] bytes = codec.encode(message);
      assertTrue(bytes.length <= PAYLOAD, bytes.length + " bytes");
      @SuppressWarnings("unchecked")
      T back = (T) codec.decode(bytes);
      decoded.add(back);
    }
    return decoded;
  }

  private static List<PartitionOutcome> outcomesOf(List<CoordinatorCommand.Pull> pulls) {
    return pulls.stream().flatMap(pull -> pull.outcomes().stream()).toList();
  }

  @Test
  void fit_pullThatFits_isSentAsItIs() {
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(null, "job", List.of(completed(0, 1_000)), 4);
    List<CoordinatorCommand.Pull> sent = budget.fit(pull);
    assertEquals(1, sent.size());
    assertSame(pull, sent.get(0));
  }

  @Test
  void fit_resultLargerThanAFrame_becomesAFailureNamingTheLimit_othersArriveIntact() throws Exception {
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(null, "job",
        List.of(completed(0, 100), completed(1, 200_000), completed(2, 100)), 4);

    List<CoordinatorCommand.Pull> sent = sentAndDecoded(budget.fit(pull));
    List<PartitionOutcome> outcomes = outcomesOf(sent);

    assertEquals(3, outcomes.size());
    assertEquals(pull.outcomes().get(0), outcomes.get(0));
    assertEquals(pull.outcomes().get(2), outcomes.get(2));
    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, outcomes.get(1));
    assertEquals(1, failed.index());
    assertEquals(1, failed.attempt());
    assertTrue(failed.error().startsWith("its result is 200,0"), failed.error());
    assertTrue(failed.error().contains("maximum-frame-size = 65,536"), failed.error());
    assertEquals(4, sent.get(sent.size() - 1).want());
  }

  @Test
  void fit_manyResultsTogetherTooLarge_areSplitOverSeveralPulls_noneLost_wantOnTheLast() throws Exception {
    List<PartitionOutcome> outcomes = new ArrayList<>();
    LongStream.range(0, 20).forEach(i -> outcomes.add(completed(i, 8_000)));
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(null, "job", outcomes, 6);

    List<CoordinatorCommand.Pull> sent = sentAndDecoded(budget.fit(pull));

    assertEquals(outcomes, outcomesOf(sent), "every result arrives, in order, none turned into a failure");
    // 20 x 8 KB in 56 KB of payload: 7 per message at most, so 3 messages.
    assertEquals(3, sent.size());
    assertEquals(List.of(0, 0, 6), sent.stream().map(CoordinatorCommand.Pull::want).toList());
  }

  @Test
  void fit_failureReportTooLargeForAFrame_isReplacedByOneNamingTheLimit() throws Exception {
    PartitionOutcome.Failed huge = new PartitionOutcome.Failed(3, 2, "x".repeat(100_000));
    List<CoordinatorCommand.Pull> sent =
        sentAndDecoded(budget.fit(new CoordinatorCommand.Pull(null, "job", List.of(huge), 0)));
    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, outcomesOf(sent).get(0));
    assertEquals(3, failed.index());
    assertEquals(2, failed.attempt());
    assertTrue(failed.error().startsWith("its failure report is 100,0"), failed.error());
  }

  @Test
  void fit_assignTooLargeForAFrame_isSplitInOrder() throws Exception {
    List<Partition> partitions = new ArrayList<>();
    LongStream.range(0, 20_000).forEach(i -> partitions.add(
        new Partition(SampleMessages.JOB_ID, i, 1, SampleMessages.PLAN.partition(i % SampleMessages.PLAN.count()))));
    WorkerCommand.Assign assign = new WorkerCommand.Assign(SampleMessages.JOB_ID, partitions);
    assertTrue(codec.encode(assign).length > PAYLOAD, "the test needs an Assign larger than a frame");

    List<WorkerCommand.Assign> sent = sentAndDecoded(budget.fit(assign));

    assertTrue(sent.size() > 1, sent.size() + " message(s)");
    assertEquals(partitions, sent.stream().flatMap(a -> a.partitions().stream()).toList());
    sent.forEach(a -> assertEquals(SampleMessages.JOB_ID, a.jobId()));
  }

  @Test
  void describeLimit_namesTheSettingAndBothNumbers() {
    assertEquals("57,344 bytes (pekko.remote.artery.advanced.maximum-frame-size = 65,536, less 8,192 for the envelope)",
        budget.describeLimit());
  }
}

package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.task.TaskRegistry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

final class FrameBudgetTest {

  private static final int FRAME = 64 * 1024;

  private final WireCodec codec =
      new WireCodec(WireRegistry.forTasks(TaskRegistry.load()), () -> null, FrameBudgetTest.class.getClassLoader());
  private final FrameBudget budget = new FrameBudget(FRAME);

  /** A result of about {@code bytes} bytes on the wire. */
  private static PartitionOutcome.Completed completed(long index, int bytes) {
    return new PartitionOutcome.Completed(index, 1, BigInteger.ONE.shiftLeft(bytes * 8 - 1), 1_000);
  }

  private CoordinatorCommand.Pull decodeFitted(CoordinatorCommand.Pull pull) throws Exception {
    byte[] fitted = budget.fit(pull, codec.encode(pull), codec::encode);
    assertTrue(fitted.length <= FRAME - FrameBudget.ENVELOPE_RESERVE_BYTES, fitted.length + " bytes");
    return (CoordinatorCommand.Pull) codec.decode(fitted);
  }

  @Test
  void pullThatFits_isSentAsEncoded() {
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(null, "job", List.of(completed(0, 1_000)), 4);
    byte[] encoded = codec.encode(pull);
    assertSame(encoded, budget.fit(pull, encoded, codec::encode));
  }

  @Test
  void resultLargerThanAFrame_becomesAFailureNamingTheLimit_othersArriveIntact() throws Exception {
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(null, "job",
        List.of(completed(0, 100), completed(1, 200_000), completed(2, 100)), 4);

    CoordinatorCommand.Pull sent = decodeFitted(pull);

    assertEquals(pull.outcomes().get(0), sent.outcomes().get(0));
    assertEquals(pull.outcomes().get(2), sent.outcomes().get(2));
    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, sent.outcomes().get(1));
    assertEquals(1, failed.index());
    assertTrue(failed.error().contains("maximum-frame-size"), failed.error());
    assertEquals(4, sent.want());
  }

  @Test
  void manyResultsTogetherTooLarge_onlyAsManyAsNeededAreHeldBack() throws Exception {
    List<PartitionOutcome> outcomes = new ArrayList<>();
    LongStream.range(0, 20).forEach(i -> outcomes.add(completed(i, 8_000)));
    CoordinatorCommand.Pull sent = decodeFitted(new CoordinatorCommand.Pull(null, "job", outcomes, 0));

    long heldBack = sent.outcomes().stream().filter(PartitionOutcome.Failed.class::isInstance).count();
    assertTrue(heldBack >= 20 - 7 && heldBack < 20, heldBack + " held back");
    sent.outcomes().stream().filter(PartitionOutcome.Failed.class::isInstance)
        .forEach(o -> assertTrue(((PartitionOutcome.Failed) o).error().contains("sent again")));
  }
}

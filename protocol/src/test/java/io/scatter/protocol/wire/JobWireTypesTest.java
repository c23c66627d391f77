package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.PartitionOutcome;
import java.io.NotSerializableException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A job's own result types cross the wire while the job is held, and only in that job's messages. */
final class JobWireTypesTest {

  /** A result type no registry lists, as a task from an uploaded jar has. */
  record Tally(long count, long sum) {
    static final AtomicInteger MADE = new AtomicInteger();

    Tally {
      MADE.incrementAndGet();
    }
  }

  private static WireCodec codec(JobWireTypes types) {
    return new WireCodec(WireRegistry.builtIn(), () -> {
      throw new IllegalStateException("no refs in these messages");
    }, JobWireTypesTest.class.getClassLoader(), () -> types);
  }

  private static CoordinatorCommand.Pull pull(String jobId) {
    return new CoordinatorCommand.Pull(null, jobId, List.of(new PartitionOutcome.Completed(3, 1, new Tally(5, 15), 7)), 2);
  }

  @Test
  void encode_heldJob_roundTripsItsOwnResultType() throws Exception {
    JobWireTypes types = new JobWireTypes();
    types.hold("job-a", "worker", List.of(Tally.class));

    CoordinatorCommand.Pull read = (CoordinatorCommand.Pull) codec(types).decode(codec(types).encode(pull("job-a")));

    assertEquals(pull("job-a"), read);
  }

  @Test
  void encode_jobNotHeld_refusesNamingTheClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec(new JobWireTypes()).encode(pull("job-a")));

    assertTrue(e.getMessage().contains(Tally.class.getName() + " is not registered"), e.getMessage());
  }

  @Test
  void decode_anotherJobsMessage_refusesItsTypesWithoutMakingOne() throws Exception {
    JobWireTypes sender = new JobWireTypes();
    sender.hold("job-a", "worker", List.of(Tally.class));
    byte[] bytes = codec(sender).encode(pull("job-a"));
    JobWireTypes receiver = new JobWireTypes();
    receiver.hold("job-b", "coordinator", List.of(Tally.class)); // the same class, but for another job
    int made = Tally.MADE.get();

    NotSerializableException e = assertThrows(NotSerializableException.class, () -> codec(receiver).decode(bytes));

    assertTrue(e.getMessage().contains("unregistered class ID: " + JobWireTypes.FIRST_JOB_TYPE_ID), e.getMessage());
    assertEquals(made, Tally.MADE.get(), "nothing of the class was instantiated");
  }

  @Test
  void release_lastHolder_forgetsTheTypes() {
    JobWireTypes types = new JobWireTypes();
    types.hold("job-a", "worker-1", List.of(Tally.class));
    types.hold("job-a", "worker-2", List.of(Tally.class));

    types.release("job-a", "worker-1");
    assertEquals(List.of(Tally.class), types.types("job-a"));
    types.release("job-a", "worker-2");
    assertEquals(List.of(), types.types("job-a"));
  }

  @Test
  void encode_returnOfALeavingWorker_carriesTheJobsTypesToo() throws Exception {
    JobWireTypes types = new JobWireTypes();
    types.hold("job-a", "worker", List.of(Tally.class));
    CoordinatorCommand.Return handBack = new CoordinatorCommand.Return(null, "job-a", List.of(4L, 9L),
        List.of(new PartialResult(2, 1, 1_000, new Tally(10, 45), 5, PartitionOutcome.Completed.CPU_UNKNOWN)));

    assertEquals(handBack, codec(types).decode(codec(types).encode(handBack)));
  }
}

package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.ScatterMessage;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.builtin.CollatzTask;
import java.io.NotSerializableException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scatter's messages through the real Pekko serialization extension, configured by conf/serialization.conf. */
final class KryoSerializerTest {

  /** A class no registry knows; counts its instances so a test can tell it was never built from bytes. */
  record Canary(String note) implements ScatterMessage {
    static final AtomicInteger CREATED = new AtomicInteger();

    Canary {
      CREATED.incrementAndGet();
    }
  }

  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static TestProbe<CoordinatorCommand> coordinator;
  private static TestProbe<WorkerCommand> worker;
  private static TestProbe<FaultAnswer> answers;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("wire", WireTestConfig.local());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    coordinator = testKit.createTestProbe(CoordinatorCommand.class);
    worker = testKit.createTestProbe(WorkerCommand.class);
    answers = testKit.createTestProbe(FaultAnswer.class);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyProtocolMessageIsBoundToKryo() {
    for (Object message : everyMessage()) {
      Serializer serializer = serialization.findSerializerFor(message);
      assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
      assertEquals(KryoSerializer.IDENTIFIER, serializer.identifier());
      assertEquals(false, serializer.includeManifest());
    }
  }

  @Test
  void everyProtocolMessageRoundTrips() {
    for (Object message : everyMessage()) {
      assertEquals(message, roundTrip(message));
    }
  }

  @Test
  void actorRefsResolveBackToEqualRefsThatStillDeliver() {
    WorkerCommand.Offer offer = (WorkerCommand.Offer) roundTrip(SampleMessages.offer(coordinator.ref()));
    CoordinatorCommand.Pull pull = (CoordinatorCommand.Pull) roundTrip(SampleMessages.pullWithLongs(worker.ref(), 2));

    assertEquals(coordinator.ref(), offer.coordinator());
    assertEquals(worker.ref(), pull.worker());
    offer.coordinator().tell(pull);
    assertEquals(pull, coordinator.receiveMessage());
    pull.worker().tell(new WorkerCommand.JobEnded("done"));
    assertEquals(new WorkerCommand.JobEnded("done"), worker.receiveMessage());
  }

  @Test
  void completedCarriesLongBigIntegerAndCollatzResults() {
    List<PartitionOutcome> outcomes = List.of(
        new PartitionOutcome.Completed(0, 1, 42L, 10),
        new PartitionOutcome.Completed(1, 1, Long.MIN_VALUE, 10),
        new PartitionOutcome.Completed(2, 2, BigInteger.valueOf(-7).pow(99), 10),
        new PartitionOutcome.Completed(3, 1, new CollatzTask.Longest(837_799, 525), 10),
        new PartitionOutcome.Completed(4, 1, "text", 10),
        new PartitionOutcome.Completed(5, 1, null, 10),
        new PartitionOutcome.Failed(6, 3, "java.lang.ArithmeticException: long overflow"));

    CoordinatorCommand.Pull back = (CoordinatorCommand.Pull) roundTrip(new CoordinatorCommand.Pull(worker.ref(), "j", outcomes, 0));

    assertEquals(outcomes, back.outcomes());
    assertInstanceOf(Long.class, ((PartitionOutcome.Completed) back.outcomes().get(0)).value());
  }

  @Test
  void completedCarriesItsCpuTime_measuredZeroOrUnknown() {
    List<PartitionOutcome> outcomes = List.of(
        new PartitionOutcome.Completed(0, 1, 42L, 10, 9_876_543_210L),
        new PartitionOutcome.Completed(1, 1, 7L, 10, 0),
        new PartitionOutcome.Completed(2, 1, 7L, 10));

    List<PartitionOutcome> back =
        ((CoordinatorCommand.Pull) roundTrip(new CoordinatorCommand.Pull(worker.ref(), "j", outcomes, 0))).outcomes();

    assertEquals(outcomes, back);
    assertEquals(PartitionOutcome.Completed.CPU_UNKNOWN, ((PartitionOutcome.Completed) back.get(2)).cpuNanos());
  }

  @Test
  void aBigIntegerOfOnePointFiveMillionBitsRoundTrips() {
    BigInteger big = new BigInteger(1_500_000, new Random(7)).setBit(1_499_999);
    CoordinatorCommand.Pull pull = new CoordinatorCommand.Pull(worker.ref(), "j",
        List.of(new PartitionOutcome.Completed(0, 1, big, 1)), 1);

    byte[] bytes = serialization.serialize(pull).get();
    Object back = serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get();

    assertEquals(pull, back);
    assertEquals(1_500_000, ((BigInteger) ((PartitionOutcome.Completed) ((CoordinatorCommand.Pull) back).outcomes().get(0)).value()).bitLength());
    assertTrue(bytes.length < 1_500_000 / 8 + 200, "about one byte per 8 bits, got " + bytes.length);
  }

  @Test
  void assignsOfNoneOneAndManyPartitionsRoundTrip() {
    for (int count : new int[] {0, 1, 2, 3, 64, 1024}) {
      WorkerCommand.Assign assign = SampleMessages.assign(count);
      assertEquals(assign, roundTrip(assign), count + " partitions");
    }
  }

  @Test
  void extremeRangesAndForeignJobIdsRoundTrip() {
    WorkerCommand.Assign assign = new WorkerCommand.Assign("a", List.of(
        new Partition("a", 0, 1, new LongRange(Long.MIN_VALUE, Long.MAX_VALUE)),
        new Partition("a", Long.MAX_VALUE, Integer.MAX_VALUE, new LongRange(Long.MAX_VALUE, Long.MAX_VALUE)),
        new Partition("other", 2, 1, new LongRange(Long.MIN_VALUE, Long.MIN_VALUE + 1)),
        new Partition("", 3, 1, new LongRange(-5, 5))));

    assertEquals(assign, roundTrip(assign));
  }

  @Test
  void collectionsComeBackImmutable() {
    WorkerCommand.Assign assign = (WorkerCommand.Assign) roundTrip(SampleMessages.assign(64));
    WorkerCommand.Offer offer = (WorkerCommand.Offer) roundTrip(new WorkerCommand.Offer("j",
        new TaskRef("t", Map.of("a", "1", "b", "2", "c", "3")), coordinator.ref()));

    assertThrows(UnsupportedOperationException.class, () -> assign.partitions().add(null));
    assertThrows(UnsupportedOperationException.class, () -> offer.task().params().put("d", "4"));
  }

  @Test
  void unregisteredClassIsRefusedNamingIt() {
    CoordinatorCommand.Pull withDate = new CoordinatorCommand.Pull(worker.ref(), "j",
        List.of(new PartitionOutcome.Completed(0, 1, new Date(0), 1)), 1);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> serialization.serialize(withDate).get());

    assertTrue(refused.getMessage().contains("java.util.Date"), refused.getMessage());
    assertTrue(refused.getMessage().contains("RangeTask.resultTypes()"), refused.getMessage());
  }

  @Test
  void unregisteredMessageClassIsRefusedNamingIt() {
    Canary canary = new Canary("top level");

    assertInstanceOf(KryoSerializer.class, serialization.findSerializerFor(canary));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> serialization.serialize(canary).get());
    assertTrue(refused.getMessage().contains(Canary.class.getName()), refused.getMessage());
  }

  @Test
  void unknownClassIdIsRefusedAndNeverInstantiated() throws Exception {
    // A JVM with one more task jar registers Canary as a task result type under the first task id.
    WireCodec foreign = new WireCodec(WireRegistry.withTaskTypes(List.of(Canary.class)), this::resolver, getClass().getClassLoader());
    byte[] nested = foreign.encode(new CoordinatorCommand.Pull(worker.ref(), "j",
        List.of(new PartitionOutcome.Completed(0, 1, new Canary("nested"), 1)), 1));
    byte[] topLevel = foreign.encode(new Canary("top level"));
    int created = Canary.CREATED.get();

    for (byte[] bytes : List.of(nested, topLevel)) {
      Throwable refused = assertThrows(NotSerializableException.class,
          () -> serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get());
      assertTrue(refused.getMessage().contains("unregistered class ID: " + WireRegistry.FIRST_TASK_TYPE_ID), refused.getMessage());
      assertTrue(refused.getMessage().contains("fingerprint " + WireRegistry.builtIn().fingerprint()), refused.getMessage());
    }
    assertEquals(created, Canary.CREATED.get());
  }

  @Test
  void classSentByNameIsRefusedWithoutLoadingIt() {
    Output output = new Output(128);
    output.writeVarInt(1, true); // Kryo's marker for "class by name" (NAME + 2)
    output.writeVarInt(0, true); // the name's id
    output.writeString("com.example.Gadget");
    int created = Canary.CREATED.get();

    Throwable refused = assertThrows(NotSerializableException.class,
        () -> serialization.deserialize(output.toBytes(), KryoSerializer.IDENTIFIER, "").get());

    assertTrue(refused.getMessage().contains("com.example.Gadget was sent by name"), refused.getMessage());
    assertEquals(created, Canary.CREATED.get());
  }

  @Test
  void truncatedOrPaddedBytesAreRefused() {
    byte[] bytes = serialization.serialize(SampleMessages.assign(8)).get();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);

    assertThrows(NotSerializableException.class,
        () -> serialization.deserialize(truncated, KryoSerializer.IDENTIFIER, "").get());
    Throwable refused = assertThrows(NotSerializableException.class,
        () -> serialization.deserialize(padded, KryoSerializer.IDENTIFIER, "").get());
    assertTrue(refused.getMessage().contains("1 unread bytes"), refused.getMessage());
  }

  @Test
  void manyThreadsSerializeAtOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(threads.submit(() -> {
          Random random = new Random(seed);
          for (int i = 0; i < 1_000; i++) {
            Object message = switch (random.nextInt(3)) {
              case 0 -> SampleMessages.assign(random.nextInt(100));
              case 1 -> SampleMessages.pullWithLongs(worker.ref(), random.nextInt(100));
              default -> SampleMessages.offer(coordinator.ref());
            };
            assertEquals(message, roundTrip(message));
          }
          return seed;
        }));
      }
      for (Future<Integer> result : results) {
        result.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private List<Object> everyMessage() {
    return List.of(
        SampleMessages.offer(coordinator.ref()),
        new WorkerCommand.Offer("j", new TaskRef("primes", Map.of()), coordinator.ref()),
        new WorkerCommand.Offer("j", new TaskRef("nested-product", Map.of("n", "50")), coordinator.ref()),
        new WorkerCommand.Offer("j", new TaskRef("primes", Map.of()), coordinator.ref(), 2.5),
        new WorkerCommand.Offer("j", new TaskRef("primes", Map.of()), coordinator.ref(), 1, "127.0.0.1:40123"),
        SampleMessages.assign(0),
        SampleMessages.assign(1),
        SampleMessages.assign(64),
        new WorkerCommand.JobEnded(SampleMessages.JOB_ID),
        new WorkerCommand.ReturnReceived(SampleMessages.JOB_ID),
        new CoordinatorCommand.Return(worker.ref(), SampleMessages.JOB_ID, List.of()),
        new CoordinatorCommand.Return(worker.ref(), SampleMessages.JOB_ID, List.of(3L, 1L << 40, 7L)),
        new CoordinatorCommand.Return(worker.ref(), SampleMessages.JOB_ID, List.of(4L),
            List.of(new PartialResult(3, 2, 1L << 40, BigInteger.TEN.pow(40), 12_345, -1),
                new PartialResult(5, 1, -7, 11L, 1, 0))),
        new CoordinatorCommand.Progress(worker.ref(), SampleMessages.JOB_ID, 9, 3, 1L << 50, -2, 5_000_000_000L,
            List.of(10L, 11L)),
        new WorkerCommand.Offer("j", new TaskRef("primes", Map.of()), coordinator.ref(), 1, "", 250),
        new CoordinatorCommand.Pull(worker.ref(), SampleMessages.JOB_ID, List.of(), 0),
        SampleMessages.pullWithLongs(worker.ref(), 1),
        SampleMessages.pullWithLongs(worker.ref(), 64),
        new CoordinatorCommand.Pull(worker.ref(), "j", List.of(new PartitionOutcome.Failed(9, 2, "boom")), 4),
        new NodeControlCommand.Halt("fault injection: kill node-1", answers.ref()),
        new NodeControlCommand.Freeze(2_500, answers.ref()),
        new NodeControlCommand.Cutoff(5_000, answers.ref()),
        new FaultAnswer.Obeyed("node-1"),
        new FaultAnswer.Refused("node-1", "fault injection is off on node-1"));
  }

  @Test
  void whatIsWrittenAndReadIsChargedToTheJobItNames_andTheRestToNoJob() {
    WireMeters meters = WireMeters.get(testKit.system());
    meters.open("metered");
    WireTally totalBefore = meters.total();
    WireTally noJobBefore = meters.unattributed();

    byte[] assign = serialization.serialize(new WorkerCommand.Assign("metered", SampleMessages.assign(8).partitions()))
        .get();
    byte[] pull = serialization.serialize(SampleMessages.pullWithLongs(worker.ref(), 3)).get(); // another job's
    serialization.deserialize(assign, KryoSerializer.IDENTIFIER, "").get();
    byte[] halt = serialization.serialize(new NodeControlCommand.Halt("test", answers.ref())).get();
    WireTally job = meters.close("metered");
    byte[] afterEnd = serialization.serialize(new WorkerCommand.JobEnded("metered")).get();

    assertEquals(new WireTally(1, assign.length, 1, assign.length), job);
    assertEquals(new WireTally(3, pull.length + halt.length + afterEnd.length, 0, 0),
        meters.unattributed().minus(noJobBefore), "another job's, no job's, and the job's after it closed");
    assertEquals(meters.total().minus(totalBefore), job.plus(meters.unattributed().minus(noJobBefore)));
    assertEquals(WireTally.ZERO, meters.close("metered"), "closed once");
  }

  private static Object roundTrip(Object message) {
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get();
  }

  private ActorRefResolver resolver() {
    return ActorRefResolver.get(testKit.system());
  }
}

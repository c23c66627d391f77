package io.scatter.protocol.wire;

import com.typesafe.config.ConfigFactory;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JavaSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import scala.Option;

/**
 * Bytes and time per message: scatter's Kryo serializer, as Pekko binds it, against Pekko's own
 * {@link JavaSerializer} (what {@code allow-java-serialization = on} would use) on Serializable
 * mirror records that hold the same values, actor refs included. Both sides therefore pay for
 * formatting and resolving refs. Not a unit test: a {@code main} that prints a table.
 *
 * <p>Time is the benchmark thread's CPU time, not wall time, so other processes on a shared
 * machine do not count; garbage collection runs on other threads and is not counted either, which
 * flatters Java serialization, the one that allocates more. Every case is warmed up first; then
 * rounds run every case in turn and the table reports each case's best round. The actor system
 * runs Artery on loopback, so refs carry a host, port and uid as they do in a cluster.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -B -pl protocol test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.scatter.protocol.wire.WireSizeBenchmark
 * </pre>
 */
public final class WireSizeBenchmark {

  private static final long WARM_UP_NANOS = 1_000_000_000L;
  private static final long ROUND_NANOS = 100_000_000L;
  private static final int ROUNDS = 15;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Written after every round trip so the JIT cannot drop the decoding. */
  private static volatile Object sink;

  record JLongRange(long from, long to) implements Serializable {
  }

  record JPartition(String jobId, long index, int attempt, JLongRange range) implements Serializable {
  }

  record JTaskRef(String name, Map<String, String> params) implements Serializable {
  }

  record JOffer(String jobId, JTaskRef task, ActorRef<CoordinatorCommand> coordinator) implements Serializable {
  }

  record JAssign(String jobId, List<JPartition> partitions) implements Serializable {
  }

  record JCompleted(long index, int attempt, Object value, long computeNanos) implements Serializable {
  }

  record JPull(ActorRef<WorkerCommand> worker, String jobId, List<JCompleted> outcomes, int want) implements Serializable {
  }

  /** One message under one serializer; keeps its size and best time. */
  private static final class Run {
    final Serializer serializer;
    final Object message;
    final int bytes;
    double bestNanos = Double.MAX_VALUE;

    Run(Serializer serializer, Object message) {
      this.serializer = serializer;
      this.message = message;
      this.bytes = roundTrip(serializer, message);
      if (!message.equals(sink)) {
        throw new IllegalStateException(serializer.getClass().getSimpleName() + " changed " + message);
      }
    }

    /** Round trips for {@code nanos} of this thread's CPU time; returns CPU nanoseconds per message. */
    double time(long nanos) {
      long start = THREADS.getCurrentThreadCpuTime();
      long deadline = start + nanos;
      long count = 0;
      long now;
      do {
        for (int i = 0; i < 50; i++) {
          roundTrip(serializer, message);
        }
        count += 50;
        now = THREADS.getCurrentThreadCpuTime();
      } while (now < deadline);
      return (double) (now - start) / count;
    }
  }

  private record Case(String name, Run kryo, Run java) {
  }

  private WireSizeBenchmark() {
  }

  public static void main(String[] args) {
    // Java serialization is allowed here only so the baseline serializer can be built; our messages stay bound to Kryo.
    ActorTestKit testKit = ActorTestKit.create("bench", ConfigFactory.parseString("""
        pekko.actor.allow-java-serialization = on
        pekko.actor.warn-about-java-serializer-usage = off
        """).withFallback(WireTestConfig.remote()));
    try {
      ExtendedActorSystem system = (ExtendedActorSystem) Adapter.toClassic(testKit.system());
      Serializer kryo = SerializationExtension.get(system).findSerializerFor(SampleMessages.assign(1));
      Serializer java = new JavaSerializer(system);
      ActorRef<CoordinatorCommand> coordinator = testKit.createTestProbe(CoordinatorCommand.class).ref();
      ActorRef<WorkerCommand> worker = testKit.createTestProbe(WorkerCommand.class).ref();

      List<Case> cases = List.of(
          new Case("Offer", new Run(kryo, SampleMessages.offer(coordinator)),
              new Run(java, javaCopy(SampleMessages.offer(coordinator)))),
          new Case("Assign, 1 partition", new Run(kryo, SampleMessages.assign(1)),
              new Run(java, javaCopy(SampleMessages.assign(1)))),
          new Case("Assign, 64 partitions", new Run(kryo, SampleMessages.assign(64)),
              new Run(java, javaCopy(SampleMessages.assign(64)))),
          new Case("Pull, 64 Completed(Long)", new Run(kryo, SampleMessages.pullWithLongs(worker, 64)),
              new Run(java, javaCopy(SampleMessages.pullWithLongs(worker, 64)))));

      for (Case c : cases) {
        c.kryo().time(WARM_UP_NANOS);
        c.java().time(WARM_UP_NANOS);
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (Case c : cases) {
          for (Run run : List.of(c.kryo(), c.java())) {
            run.bestNanos = Math.min(run.bestNanos, run.time(ROUND_NANOS));
          }
        }
      }

      System.out.printf("%s on %d cores; Kryo serializer id %d vs Pekko JavaSerializer; best of %d rounds%n%n",
          System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors(),
          kryo.identifier(), ROUNDS);
      System.out.printf("%-26s %8s %8s %8s  %11s %11s %8s%n",
          "message", "kryo B", "java B", "smaller", "kryo ns", "java ns", "faster");
      for (Case c : cases) {
        System.out.printf("%-26s %8d %8d %7.1fx  %11.0f %11.0f %7.1fx%n", c.name(),
            c.kryo().bytes, c.java().bytes, (double) c.java().bytes / c.kryo().bytes,
            c.kryo().bestNanos, c.java().bestNanos, c.java().bestNanos / c.kryo().bestNanos);
      }
      System.out.println("\nns = CPU time of one serialize + deserialize");
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static int roundTrip(Serializer serializer, Object message) {
    byte[] bytes = serializer.toBinary(message);
    try {
      sink = serializer.fromBinary(bytes, Option.empty());
    } catch (NotSerializableException e) {
      throw new IllegalStateException(e);
    }
    return bytes.length;
  }

  private static JOffer javaCopy(WorkerCommand.Offer offer) {
    return new JOffer(offer.jobId(), new JTaskRef(offer.task().name(), offer.task().params()), offer.coordinator());
  }

  private static JAssign javaCopy(WorkerCommand.Assign assign) {
    return new JAssign(assign.jobId(), assign.partitions().stream()
        .map(p -> new JPartition(p.jobId(), p.index(), p.attempt(), new JLongRange(p.range().from(), p.range().to())))
        .toList());
  }

  private static JPull javaCopy(CoordinatorCommand.Pull pull) {
    return new JPull(pull.worker(), pull.jobId(), pull.outcomes().stream()
        .map(o -> (PartitionOutcome.Completed) o)
        .map(c -> new JCompleted(c.index(), c.attempt(), c.value(), c.computeNanos()))
        .toList(), pull.want());
  }
}

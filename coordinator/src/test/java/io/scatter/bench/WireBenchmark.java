package io.scatter.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scatter.node.ScatterConfig;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Kryo on the wire, as Pekko calls it for every message between JVMs: encode ({@code toBinary})
 * and decode ({@code fromBinary}) of an {@code Assign} of {@code batch} partitions, as the
 * coordinator sends, and of a {@code Pull} carrying {@code batch} no-op results ({@code Long}s),
 * as a worker sends; time per message. The system runs Artery on loopback, so actor refs carry a
 * host, port and uid as in a cluster. Run with {@code deploy/bench-jmh WireBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireBenchmark {

  private static final String JOB_ID = "3f9c2a71";
  /** A partition's numbers start here: realistic varint lengths, not single bytes. */
  private static final long FIRST = 1_000_000_000L;

  @Param({"1", "64", "340"})
  public int batch;

  @Param({"assign", "pull"})
  public String message;

  private ActorSystem<Void> system;
  private Serializer serializer;
  private Object value;
  private byte[] bytes;

  @Setup
  public void setUp() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.transport = tcp
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.remote.warn-about-direct-use = off
        pekko.loglevel = WARNING
        pekko.stdout-loglevel = WARNING
        """).withFallback(ScatterConfig.load());
    system = ActorSystem.create(Behaviors.empty(), "bench", config);
    ActorRef<WorkerCommand> worker = system.systemActorOf(Behaviors.empty(), "worker-1", Props.empty());
    value = message.equals("assign") ? assign(batch) : pull(worker, batch);
    serializer = SerializationExtension.get(Adapter.toClassic(system)).findSerializerFor(value);
    bytes = serializer.toBinary(value);
    if (!value.equals(serializer.fromBinary(bytes))) {
      throw new IllegalStateException(serializer.getClass().getSimpleName() + " changed " + value);
    }
  }

  @TearDown
  public void tearDown() {
    system.terminate();
  }

  private static WorkerCommand.Assign assign(int count) {
    List<Partition> partitions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long from = FIRST + i;
      partitions.add(new Partition(JOB_ID, from, 1, new LongRange(from, from + 1)));
    }
    return new WorkerCommand.Assign(JOB_ID, partitions);
  }

  private static CoordinatorCommand.Pull pull(ActorRef<WorkerCommand> worker, int count) {
    List<PartitionOutcome> outcomes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      outcomes.add(new PartitionOutcome.Completed(FIRST + i, 1, 1L, 180, 150));
    }
    return new CoordinatorCommand.Pull(worker, JOB_ID, outcomes, count);
  }

  @Benchmark
  public byte[] encode() {
    return serializer.toBinary(value);
  }

  @Benchmark
  public Object decode() {
    return serializer.fromBinary(bytes);
  }
}

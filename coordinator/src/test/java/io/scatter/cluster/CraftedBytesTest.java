package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.ProgressListener;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.wire.KryoSerializer;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TestDirs;
import io.scatter.testing.Tripwire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * Hostile bytes over Artery to a real node: a stranger's actor system (not a member, plain
 * remoting) sends messages whose serializer id is scatter's, carrying bytes that name a class
 * outside the wire registry, by name (as Kryo writes a class when registration is not required)
 * and by an id the registry does not have. The node must refuse each with a log line naming it,
 * never load or build the class (its {@link Tripwire} would leave a file), and keep serving jobs.
 */
final class CraftedBytesTest {

  private static final String CLUSTER_NAME = "scatter-crafted-" + ProcessHandle.current().pid();
  private static final Duration LIMIT = Duration.ofSeconds(60);
  /** Far past every id this node's registry gives (built-ins below 64, the test tasks' result types from 64). */
  private static final int UNKNOWN_ID = 1000;
  /** Classic deserialization gadgets: commons-collections' (not on the node's classpath) and the JDK's own. */
  private static final List<String> GADGETS = List.of("org.apache.commons.collections.functors.InvokerTransformer",
      "com.sun.rowset.JdbcRowSetImpl");
  private static Path dir;
  private static Path nodeTraces;
  private static NodeJvm node;
  private static ClusterRunner runner;
  private static ActorSystem stranger;

  /** What the stranger sends: bytes its serializer passes through untouched, under scatter's serializer id. */
  record Crafted(byte[] bytes) { }

  /** Bound to {@link Crafted} in the stranger's system only, with the identifier of scatter's Kryo serializer. */
  public static final class PassThroughSerializer implements Serializer {
    @Override
    public int identifier() {
      return KryoSerializer.IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
      return false;
    }

    @Override
    public byte[] toBinary(Object message) {
      return ((Crafted) message).bytes();
    }

    @Override
    public Object fromBinary(byte[] bytes, Option<Class<?>> manifest) {
      throw new UnsupportedOperationException("the stranger only sends");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("scatter-crafted-test");
    nodeTraces = Files.createDirectory(dir.resolve("node-traces"));
    node = NodeJvm.start(dir, CLUSTER_NAME, "target", List.of("-Xmx256m",
        "-D" + Tripwire.DIR_PROPERTY + "=" + nodeTraces), LIMIT);
    runner = node.coordinator();
    stranger = ActorSystem.create("stranger", strangerConfig());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (stranger != null) {
        stranger.terminate();
      }
    } finally {
      try {
        NodeJvm.stop(runner, node);
      } finally {
        TestDirs.deleteTree(dir);
      }
    }
  }

  private static Config strangerConfig() {
    return ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.stdout-loglevel = WARNING
        pekko.actor.provider = remote
        pekko.remote.artery.transport = tcp
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.remote.warn-about-direct-use = off
        pekko.actor.allow-java-serialization = off
        pekko.actor.serializers.crafted = "%s"
        pekko.actor.serialization-bindings { "%s" = crafted }
        """.formatted(PassThroughSerializer.class.getName(), Crafted.class.getName()))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /** A Kryo as a sender that does not require registration has it: it writes unregistered classes by name. */
  private static Kryo permissive() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(false);
    kryo.setReferences(false);
    return kryo;
  }

  private static byte[] write(Kryo kryo, Object object) {
    Output output = new Output(256, -1);
    kryo.writeClassAndObject(output, object);
    return output.toBytes();
  }

  /** The start of what Kryo writes for an unregistered class: the "by name" marker, a name id, the name. */
  private static byte[] byName(String className) {
    Output output = new Output(256, -1);
    output.writeVarInt(1, true); // DefaultClassResolver.NAME + 2
    output.writeVarInt(0, true); // first name of this message
    output.writeString(className);
    output.writeByte(0); // a field or two would follow; the node must stop at the name
    return output.toBytes();
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 400_000)),
        new Split.IntoCount(24), 3, Duration.ofSeconds(60)), TaskRegistry.load());
  }

  @Test
  void classesOutsideTheRegistryAreRefusedWithALogLine_neverBuilt_andTheNodeKeepsServingJobs() throws Exception {
    byte[] tripwireByName = write(permissive(), new Tripwire("by name"));
    Kryo foreign = new Kryo(); // a sender whose registry has one class more than the node's
    foreign.setReferences(false);
    foreign.register(Tripwire.class, UNKNOWN_ID);
    byte[] tripwireById = write(foreign, new Tripwire("by id"));
    // The hand-written form is exactly Kryo's own, shown on the tripwire; the gadgets are written the same way.
    String tripwireName = Tripwire.class.getName();
    assertArrayEquals(Arrays.copyOf(byName(tripwireName), byName(tripwireName).length - 1),
        Arrays.copyOf(tripwireByName, byName(tripwireName).length - 1));
    assertBytesWouldBuildATripwire(tripwireByName, permissive());
    assertBytesWouldBuildATripwire(tripwireById, foreign);

    ActorRef control = ((ExtendedActorSystem) stranger).provider()
        .resolveActorRef("pekko://" + CLUSTER_NAME + "@" + node.hostPort() + NodeControlCommand.PATH);
    control.tell(new Crafted(tripwireByName), ActorRef.noSender());
    control.tell(new Crafted(tripwireById), ActorRef.noSender());
    GADGETS.forEach(gadget -> control.tell(new Crafted(byName(gadget)), ActorRef.noSender()));

    node.awaitLog("class " + tripwireName + " was sent by name, which scatter's wire format refuses", LIMIT);
    node.awaitLog("unregistered class ID: " + UNKNOWN_ID, LIMIT);
    for (String gadget : GADGETS) {
      node.awaitLog("class " + gadget + " was sent by name, which scatter's wire format refuses", LIMIT);
    }
    assertTrue(node.log().lines().filter(line -> line.contains("serializer id [" + KryoSerializer.IDENTIFIER + "]"))
        .count() >= 4, node.log());
    try (var traces = Files.list(nodeTraces)) {
      assertEquals(List.of(), traces.toList(), "the node never initialized nor built a Tripwire");
    }
    assertTrue(node.isAlive());
    assertEquals(LocalRunner.sequential().run(primes(), ProgressListener.NONE).value(),
        runner.run(primes(), ProgressListener.NONE).value());
  }

  /** The control: in this JVM, a Kryo that accepts what these bytes say builds the class, and the trace shows it. */
  private static void assertBytesWouldBuildATripwire(byte[] bytes, Kryo reader) throws Exception {
    Path traces = Files.createTempDirectory(dir, "control-");
    String before = System.getProperty(Tripwire.DIR_PROPERTY);
    System.setProperty(Tripwire.DIR_PROPERTY, traces.toString());
    try {
      assertInstanceOf(Tripwire.class, reader.readClassAndObject(new Input(bytes)));
    } finally {
      if (before == null) {
        System.clearProperty(Tripwire.DIR_PROPERTY);
      } else {
        System.setProperty(Tripwire.DIR_PROPERTY, before);
      }
    }
    assertTrue(Files.exists(traces.resolve("constructed-" + ProcessHandle.current().pid())),
        "the control leaves its trace");
  }
}

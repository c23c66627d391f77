package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.ClassResolver;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.JarCommand;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.NodeControlCommand;
import io.scatter.protocol.PartialResult;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.TaskRef;
import io.scatter.protocol.WorkerCommand;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskRegistry;
import io.scatter.task.builtin.CollatzTask;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Every class that may cross a JVM boundary, each under a fixed Kryo id.
 *
 * <p>Kryo writes a registered class as its id (one byte below 126), so both ends must give every
 * class the same id: the table below is fixed and append-only. Never reorder or reuse an id; a
 * new class gets the next free id in its group. Ids 0-8 are Kryo's own (int/Integer 0, String 1,
 * float/Float 2, boolean/Boolean 3, byte/Byte 4, char/Character 5, short/Short 6, long/Long 7,
 * double/Double 8): boxed primitives and strings are registered by Kryo itself, under those ids,
 * and a test pins them.
 *
 * <p>User tasks add their {@link RangeTask#resultTypes()} from {@link #FIRST_TASK_TYPE_ID} on,
 * in task-name order then list order, skipping types already registered. JVMs with the same
 * task jars therefore agree on every id; compare {@link #fingerprint()} when they seem not to.
 *
 * <p>Registration is required: a class missing here is refused when written, and an id or a class
 * name this JVM does not know is refused when read, before anything is instantiated.
 */
public final class WireRegistry {

  /**
   * The layout of the hand-written serializers ({@link OutcomeSerializers}, {@link PartitionSerializers},
   * {@link ActorRefSerializer}) and of the records written by Kryo's RecordSerializer. The id table
   * cannot show a field added to a class it already lists, so this number goes into the
   * {@link #fingerprint()} too: raise it whenever what is written for a registered class changes.
   * 2: {@code PartitionOutcome.Completed} carries the CPU time of its partition, and
   * {@code WorkerCommand.Offer} the job's weight (workers serve several jobs at once).
   * 3: {@code NodeControlCommand.Halt}, {@code Freeze} and {@code Cutoff} carry the ref their node
   * answers to (it may refuse them: fault injection is off unless the node was started with it).
   * 4: {@code WorkerCommand.Offer} names the coordinator's lifeline (a node holds a TCP connection
   * to it, so a dead process is seen the moment it closes); a leaving worker's {@code Return} and its
   * {@code ReturnReceived}.
   * 5: partitions run in slices: {@code Offer} says how often a long partition reports its
   * {@code Progress} (which renews its lease), and a leaving worker's {@code Return} carries the
   * {@code PartialResult} of each partition it had begun.
   * 6: tasks from uploaded jars: {@code TaskRef} names the jars' digests, {@code Offer} where to fetch
   * them ({@code JarCommand}); a {@code Pull}'s and a {@code Return}'s results may be of the job's own
   * types ({@link JobWireTypes}), and {@code Return} has a hand-written serializer.
   */
  static final int FORMAT = 6;

  /** User task result types start here, so adding a task jar never moves a built-in id. */
  public static final int FIRST_TASK_TYPE_ID = 64;

  /** Far deeper than any protocol message; a corrupt or hostile message fails here rather than overflowing the stack. */
  private static final int MAX_DEPTH = 128;

  private final List<Class<?>> taskTypes;

  private WireRegistry(List<Class<?>> taskTypes) {
    this.taskTypes = List.copyOf(taskTypes);
  }

  /** The protocol and built-in tasks only. */
  public static WireRegistry builtIn() {
    return new WireRegistry(List.of());
  }

  /** The protocol plus the result types of every task in {@code tasks} (sorted by name, as {@link TaskRegistry#all()} is). */
  public static WireRegistry forTasks(TaskRegistry tasks) {
    List<Class<?>> types = new ArrayList<>();
    for (RangeTask<?> task : tasks.all()) {
      types.addAll(task.resultTypes());
    }
    return withTaskTypes(types);
  }

  /** Extra types in the given order; what {@link #forTasks} produces from a task list. */
  static WireRegistry withTaskTypes(List<Class<?>> types) {
    return new WireRegistry(new ArrayList<>(new LinkedHashSet<>(types)));
  }

  /**
   * A Kryo instance with every class of this registry. Not thread-safe, like every Kryo: callers
   * pool them ({@link WireCodec}).
   *
   * @param refs   resolves typed actor refs; asked on each use, so it may be bound lazily
   * @param loader the class loader of the actor system (its {@code dynamicAccess})
   */
  Kryo newKryo(Supplier<ActorRefResolver> refs, ClassLoader loader) {
    return newKryo(refs, loader, () -> JobWireTypes.NONE);
  }

  /** @param jobTypes the result types of jobs from uploaded jars, asked per message that carries results */
  Kryo newKryo(Supplier<ActorRefResolver> refs, ClassLoader loader, Supplier<JobWireTypes> jobTypes) {
    Kryo kryo = new RegisteredOnlyKryo();
    kryo.setRegistrationRequired(true);
    // Our messages are trees: reference tracking would cost a varint per object and an identity map per message.
    kryo.setReferences(false);
    kryo.setMaxDepth(MAX_DEPTH);
    kryo.setClassLoader(loader);
    registerBuiltIns(kryo, refs, jobTypes);
    int id = FIRST_TASK_TYPE_ID;
    for (Class<?> type : taskTypes) {
      // A type Kryo or the table already knows (Long, CollatzTask.Longest, ...) keeps its id; skipping is deterministic.
      if (kryo.getClassResolver().getRegistration(type) == null) {
        kryo.register(type, id++); // Kryo's default serializer: RecordSerializer for records, FieldSerializer otherwise
      }
    }
    return kryo;
  }

  private static void registerBuiltIns(Kryo kryo, Supplier<ActorRefResolver> refs, Supplier<JobWireTypes> jobTypes) {
    // 10-19: JDK values and the collections the protocol builds (List.copyOf, Map.copyOf) or a task may return.
    kryo.register(BigInteger.class, new DefaultSerializers.BigIntegerSerializer(), 10);
    kryo.register(List.of().getClass(), new ImmutableCollectionSerializers.ListSerializer(), 11);   // ImmutableCollections$ListN
    kryo.register(List.of(1).getClass(), new ImmutableCollectionSerializers.ListSerializer(), 12);  // ImmutableCollections$List12
    kryo.register(Set.of().getClass(), new ImmutableCollectionSerializers.SetSerializer(), 13);     // ImmutableCollections$SetN
    kryo.register(Set.of(1).getClass(), new ImmutableCollectionSerializers.SetSerializer(), 14);    // ImmutableCollections$Set12
    kryo.register(Map.of().getClass(), new ImmutableCollectionSerializers.MapSerializer(), 15);     // ImmutableCollections$MapN
    kryo.register(Map.of(1, 1).getClass(), new ImmutableCollectionSerializers.MapSerializer(), 16); // ImmutableCollections$Map1
    kryo.register(ArrayList.class, 17);
    kryo.register(HashMap.class, 18);
    kryo.register(byte[].class, new DefaultArraySerializers.ByteArraySerializer(), 19); // a jar's chunk

    // 20-39: the protocol. Assign and Pull carry the bulk of the traffic (partitions and outcomes) and
    // have hand-written serializers; the records sent a few times per job use Kryo's RecordSerializer,
    // which, like the hand-written ones, builds through the canonical constructor, so validation runs.
    kryo.register(LongRange.class, new PartitionSerializers.LongRangeSerializer(), 20);
    kryo.register(Partition.class, new PartitionSerializers.PartitionSerializer(), 21);
    kryo.register(TaskRef.class, new RecordSerializer<>(TaskRef.class), 22);
    kryo.register(PartitionOutcome.Completed.class, new OutcomeSerializers.CompletedSerializer(), 23);
    kryo.register(PartitionOutcome.Failed.class, new OutcomeSerializers.FailedSerializer(), 24);
    kryo.register(WorkerCommand.Offer.class, new RecordSerializer<>(WorkerCommand.Offer.class), 25);
    kryo.register(WorkerCommand.Assign.class, new PartitionSerializers.AssignSerializer(), 26);
    kryo.register(WorkerCommand.JobEnded.class, new RecordSerializer<>(WorkerCommand.JobEnded.class), 27);
    kryo.register(CoordinatorCommand.Pull.class, new OutcomeSerializers.PullSerializer(jobTypes), 28);
    // Any typed ActorRef implementation is written under this one id (see WireClassResolver).
    kryo.register(ActorRef.class, new ActorRefSerializer(refs), 29);
    kryo.register(NodeControlCommand.Halt.class, new RecordSerializer<>(NodeControlCommand.Halt.class), 30);
    kryo.register(NodeControlCommand.Freeze.class, new RecordSerializer<>(NodeControlCommand.Freeze.class), 31);
    kryo.register(NodeControlCommand.Cutoff.class, new RecordSerializer<>(NodeControlCommand.Cutoff.class), 32);
    kryo.register(FaultAnswer.Obeyed.class, new RecordSerializer<>(FaultAnswer.Obeyed.class), 33);
    kryo.register(FaultAnswer.Refused.class, new RecordSerializer<>(FaultAnswer.Refused.class), 34);
    // A graceful leave: a worker hands back what it has not started, and hears that it arrived.
    kryo.register(CoordinatorCommand.Return.class, new OutcomeSerializers.ReturnSerializer(jobTypes), 35);
    kryo.register(WorkerCommand.ReturnReceived.class, new RecordSerializer<>(WorkerCommand.ReturnReceived.class), 36);
    // Slices: a long partition keeps its lease by reporting progress, and a leaving worker hands back what it ran of one.
    kryo.register(CoordinatorCommand.Progress.class, new RecordSerializer<>(CoordinatorCommand.Progress.class), 37);
    kryo.register(PartialResult.class, new RecordSerializer<>(PartialResult.class), 38);

    // 40-47: result types of the built-in tasks.
    kryo.register(CollatzTask.Longest.class, new RecordSerializer<>(CollatzTask.Longest.class), 40);

    // 48-63: the protocol, continued. A node fetches a job's uploaded jars from the job's coordinator.
    kryo.register(JarCommand.Fetch.class, new RecordSerializer<>(JarCommand.Fetch.class), 48);
    kryo.register(JarCommand.JarChunk.class, new RecordSerializer<>(JarCommand.JarChunk.class), 49);
  }

  /** Id to class name, for every class this registry adds or relies on (Kryo's own 0-8 included). */
  public SortedMap<Integer, String> table() {
    Kryo kryo = newKryo(() -> {
      throw new IllegalStateException("no actor system: the table is never used to serialize");
    }, WireRegistry.class.getClassLoader());
    ClassResolver resolver = kryo.getClassResolver();
    SortedMap<Integer, String> table = new TreeMap<>();
    for (int id = 0; id < FIRST_TASK_TYPE_ID + taskTypes.size(); id++) {
      Registration registration = resolver.getRegistration(id);
      if (registration != null) {
        table.put(id, registration.getType().getName());
      }
    }
    return Collections.unmodifiableSortedMap(table);
  }

  /**
   * A short hash of the {@link #FORMAT} and {@link #table()}: equal on JVMs that agree on every id
   * and on what is written under it. Log it at start-up to spot a mismatch.
   */
  public String fingerprint() {
    return fingerprint(FORMAT, table());
  }

  static String fingerprint(int format, SortedMap<Integer, String> table) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("format=" + format + "\n").getBytes(StandardCharsets.UTF_8));
      table.forEach((id, name) -> sha.update((id + "=" + name + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Names the class and says where to register it, instead of Kryo's advice to call kryo.register. */
  private static final class RegisteredOnlyKryo extends Kryo {

    RegisteredOnlyKryo() {
      super(new WireClassResolver(), null);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected String unregisteredClassMessage(Class type) {
      return "class " + type.getName() + " is not registered with scatter's wire format: only the protocol's own"
          + " types and the result types a task lists in RangeTask.resultTypes() may cross JVMs";
    }
  }
}

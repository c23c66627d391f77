package io.scatter.protocol.wire;

import io.scatter.task.TaskRegistry;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serializer;
import scala.Option;

/**
 * scatter's Pekko serializer: Kryo with explicit registration ({@link WireRegistry}), bound to
 * {@link io.scatter.protocol.ScatterMessage} in {@code conf/serialization.conf}.
 *
 * <p>No manifest ({@link #includeManifest()} is false): Kryo starts every payload with the
 * registered id of the message's class, one byte, which is all the reading side needs. A string
 * manifest would repeat the class name (40 to 60 bytes) on every message to say the same thing.
 *
 * <p>What it writes and reads is counted per job by the system's {@link WireMeters}.
 *
 * <p>Pekko creates this class reflectively, once per actor system, with the system as argument.
 */
public final class KryoSerializer implements Serializer {

  /**
   * Identifies this serializer in every serialized message, so it must be the same on every JVM and
   * unique among the system's serializers. Pekko reserves 0-40; 0x5CA7 ("SCAT") = 23719 is ours.
   */
  public static final int IDENTIFIER = 0x5CA7;

  private final ExtendedActorSystem system;
  private final WireCodec codec;
  private volatile ActorRefResolver resolver;
  private volatile WireMeters meters;
  private volatile JobWireTypes jobTypes;

  public KryoSerializer(ExtendedActorSystem system) {
    this.system = system;
    // Tasks are found with the system's class loader, as Pekko asks of serializers (DynamicAccess).
    ClassLoader loader = system.dynamicAccess().classLoader();
    this.codec = new WireCodec(WireRegistry.forTasks(TaskRegistry.load(loader)), this::resolver, loader,
        this::jobTypes);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  /**
   * Encodes and nothing else: whether a message fits a frame is for its sender to see to
   * ({@link WireBudget}), since only the sender can split it or say what went wrong.
   *
   * @throws IllegalArgumentException naming the class that is not registered
   */
  @Override
  public byte[] toBinary(Object message) {
    byte[] bytes = codec.encode(message);
    meters().sent(message, bytes.length);
    return bytes;
  }

  /** What {@link #toBinary} would write for {@code object}, a message or a registered part of one; not counted as sent. */
  int sizeOf(Object object) {
    return codec.encode(object).length;
  }

  @Override
  public Object fromBinary(byte[] bytes, Option<Class<?>> manifest) throws NotSerializableException {
    Object message;
    try {
      message = codec.decode(bytes);
    } catch (NotSerializableException e) {
      meters().received(null, bytes.length); // read all the same: no job's
      throw e;
    }
    meters().received(message, bytes.length);
    return message;
  }

  /** Looked up on first use, as {@link #meters()}. */
  private JobWireTypes jobTypes() {
    JobWireTypes current = jobTypes;
    if (current == null) {
      current = JobWireTypes.get(system);
      jobTypes = current;
    }
    return current;
  }

  /** Looked up on first use, as {@link #resolver()}: the system is still starting when this is made. */
  private WireMeters meters() {
    WireMeters current = meters;
    if (current == null) {
      current = WireMeters.get(system);
      meters = current;
    }
    return current;
  }

  /**
   * Bound on first use, not in the constructor: serializers are created while the system starts,
   * before its ref provider may be asked to resolve anything. The extension is a singleton, so a
   * race here only looks it up twice.
   */
  private ActorRefResolver resolver() {
    ActorRefResolver current = resolver;
    if (current == null) {
      current = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = current;
    }
    return current;
  }
}

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
 * <p>Pekko creates this class reflectively, once per actor system, with the system as argument.
 */
public final class KryoSerializer implements Serializer {

  /**
   * Identifies this serializer in every serialized message, so it must be the same on every JVM and
   * unique among the system's serializers. Pekko reserves 0-40; 0x5CA7 ("SCAT") = 23719 is ours.
   */
  public static final int IDENTIFIER = 0x5CA7;

  /** Artery's largest message; every actor system has it (reference.conf), remoting or not. */
  private static final String MAX_FRAME_PATH = "pekko.remote.artery.advanced.maximum-frame-size";

  private final ExtendedActorSystem system;
  private final WireCodec codec;
  private final FrameBudget budget;
  private volatile ActorRefResolver resolver;

  public KryoSerializer(ExtendedActorSystem system) {
    this.system = system;
    // Tasks are found with the system's class loader, as Pekko asks of serializers (DynamicAccess).
    ClassLoader loader = system.dynamicAccess().classLoader();
    this.codec = new WireCodec(WireRegistry.forTasks(TaskRegistry.load(loader)), this::resolver, loader);
    this.budget = new FrameBudget(system.settings().config().getBytes(MAX_FRAME_PATH));
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  /** @throws IllegalArgumentException naming the class that is not registered */
  @Override
  public byte[] toBinary(Object message) {
    byte[] bytes = budget.fit(message, codec.encode(message), codec::encode);
    WireStats.serialized(bytes.length);
    return bytes;
  }

  @Override
  public Object fromBinary(byte[] bytes, Option<Class<?>> manifest) throws NotSerializableException {
    WireStats.deserialized(bytes.length);
    return codec.decode(bytes);
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

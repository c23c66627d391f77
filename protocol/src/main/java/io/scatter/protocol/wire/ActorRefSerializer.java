package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Writes a typed ref as Pekko's serialization format (its path with the system's address and the
 * actor's uid) and resolves it on the reading side: the documented way for a custom serializer,
 * and the only one that yields a ref that can be sent to from the receiving JVM.
 */
final class ActorRefSerializer extends Serializer<ActorRef<?>> {

  private final Supplier<ActorRefResolver> resolver;

  /** @param resolver asked on each use: the serializer is built while the actor system still starts */
  ActorRefSerializer(Supplier<ActorRefResolver> resolver) {
    super(false, true);
    this.resolver = resolver;
  }

  @Override
  public void write(Kryo kryo, Output output, ActorRef<?> ref) {
    output.writeString(resolver.get().toSerializationFormat(ref));
  }

  @Override
  public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
    return resolver.get().resolveActorRef(input.readString());
  }
}

package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Turns registered objects into bytes and back, from any number of threads. Kryo instances and
 * their buffers are not thread-safe and cost a registration pass to create, so each one lives in a
 * {@link Session} borrowed from a pool for one call. A pool, not thread-locals: Pekko serializes
 * on many dispatcher threads, and the number of sessions should follow concurrency, not threads.
 */
final class WireCodec {

  /** Most messages fit; the buffer grows for big results (a 1.5-million-bit BigInteger is 190 KB). */
  private static final int INITIAL_BUFFER_BYTES = 4 * 1024;
  /** A session whose buffer grew past this gives it back when returned, so one huge result does not stay pinned. */
  private static final int RETAINED_BUFFER_BYTES = 1024 * 1024;
  /** Far above Artery's frame limits; a message this big is a bug, refused with Kryo's "buffer overflow". */
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  private static final byte[] NO_BYTES = {};

  private final Pool<Session> sessions;
  /** Said in every decoding error, so logs of two JVMs show at a glance whether their registries differ. */
  private final String registryId;

  /**
   * @param refs   resolves typed actor refs, asked on first use of a ref
   * @param loader the class loader Kryo resolves classes with
   */
  WireCodec(WireRegistry registry, Supplier<ActorRefResolver> refs, ClassLoader loader) {
    this(registry, refs, loader, () -> JobWireTypes.NONE);
  }

  /** @param jobTypes the result types of the jobs from uploaded jars that this JVM runs */
  WireCodec(WireRegistry registry, Supplier<ActorRefResolver> refs, ClassLoader loader,
      Supplier<JobWireTypes> jobTypes) {
    this.registryId = "fingerprint " + registry.fingerprint() + ", ids up to " + registry.table().lastKey();
    // Thread-safe; soft references let the GC reclaim idle sessions; keep at most a few per core.
    this.sessions = new Pool<>(true, true, 4 * Runtime.getRuntime().availableProcessors()) {
      @Override
      protected Session create() {
        return new Session(registry.newKryo(refs, loader, jobTypes));
      }

      @Override
      protected void reset(Session session) {
        session.reset();
      }
    };
  }

  /**
   * @throws IllegalArgumentException naming the message's class and the class that is not
   *     registered (or whatever else Kryo refused)
   */
  byte[] encode(Object message) {
    Session session = sessions.obtain();
    byte[] bytes;
    try {
      session.output.reset();
      session.kryo.writeClassAndObject(session.output, message);
      bytes = session.output.toBytes();
    } catch (RuntimeException e) {
      // Not returned to the pool: a session that failed half-way is not trusted again.
      throw new IllegalArgumentException("scatter wire: cannot serialize "
          + (message == null ? "null" : message.getClass().getName()) + ": " + e.getMessage(), e);
    }
    sessions.free(session);
    return bytes;
  }

  /**
   * @throws NotSerializableException when the bytes name an unknown class id, a class by name, are
   *     truncated or carry trailing bytes; nothing of an unknown class is ever instantiated
   */
  Object decode(byte[] bytes) throws NotSerializableException {
    Session session = sessions.obtain();
    Object message;
    try {
      session.input.setBuffer(bytes);
      message = session.kryo.readClassAndObject(session.input);
      if (session.input.position() != bytes.length) {
        throw new IllegalStateException((bytes.length - session.input.position()) + " unread bytes after a "
            + (message == null ? "null" : message.getClass().getName()));
      }
    } catch (RuntimeException e) {
      NotSerializableException refused = new NotSerializableException("scatter wire: cannot deserialize "
          + bytes.length + " bytes: " + e.getMessage() + " (this JVM's wire registry: " + registryId
          + "; all JVMs must run the same scatter and task jars)");
      refused.initCause(e);
      throw refused;
    }
    sessions.free(session);
    return message;
  }

  /** One Kryo with its buffers; used by one thread at a time. */
  private static final class Session {

    final Kryo kryo;
    final Output output = new Output(INITIAL_BUFFER_BYTES, MAX_MESSAGE_BYTES);
    final Input input = new Input(NO_BYTES);

    Session(Kryo kryo) {
      this.kryo = kryo;
    }

    void reset() {
      if (output.getBuffer().length > RETAINED_BUFFER_BYTES) {
        output.setBuffer(new byte[INITIAL_BUFFER_BYTES], MAX_MESSAGE_BYTES);
      }
      output.reset();
      input.setBuffer(NO_BYTES); // do not keep the last message's bytes reachable
    }
  }
}

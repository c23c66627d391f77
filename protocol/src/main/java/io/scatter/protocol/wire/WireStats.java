package io.scatter.protocol.wire;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes this JVM's serializer wrote and read. A process-wide meter, read as a difference
 * before and after a run: it is what the comparison table shows as the cost of crossing JVMs.
 */
public final class WireStats {

  private static final LongAdder SERIALIZED = new LongAdder();
  private static final LongAdder DESERIALIZED = new LongAdder();

  private WireStats() {
  }

  public static void serialized(int bytes) {
    SERIALIZED.add(bytes);
  }

  public static void deserialized(int bytes) {
    DESERIALIZED.add(bytes);
  }

  /** Bytes written plus bytes read since the JVM started. */
  public static long totalBytes() {
    return SERIALIZED.sum() + DESERIALIZED.sum();
  }
}

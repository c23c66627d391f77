package io.scatter.protocol;

/**
 * Marker for every message that may cross a JVM boundary. Configuration binds this interface to
 * scatter's Kryo serializer; nothing else of ours goes over the wire.
 */
public interface ScatterMessage {
}

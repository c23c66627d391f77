package io.scatter.protocol.wire;

/**
 * Messages and bytes one actor system's serializer wrote (sent) and read (received), for one job
 * or for a whole system: what crossing JVMs cost.
 */
public record WireTally(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {

  public static final WireTally ZERO = new WireTally(0, 0, 0, 0);

  /** Bytes written plus bytes read: the figure a job's stats and the comparison table show. */
  public long bytes() {
    return bytesSent + bytesReceived;
  }

  public long messages() {
    return messagesSent + messagesReceived;
  }

  public WireTally plus(WireTally other) {
    return new WireTally(messagesSent + other.messagesSent, bytesSent + other.bytesSent,
        messagesReceived + other.messagesReceived, bytesReceived + other.bytesReceived);
  }

  public WireTally minus(WireTally other) {
    return new WireTally(messagesSent - other.messagesSent, bytesSent - other.bytesSent,
        messagesReceived - other.messagesReceived, bytesReceived - other.bytesReceived);
  }
}

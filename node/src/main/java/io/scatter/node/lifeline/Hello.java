package io.scatter.node.lifeline;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one thing a lifeline ever carries: a line naming the node's Artery address, sent by the
 * node when it connects. Everything the coordinator later learns from the connection is that it closed.
 */
public final class Hello {

  /** Longer than any hello; a connection that sends more without a line end is not a lifeline. */
  public static final int MAX_BYTES = 512;
  private static final String PREFIX = "scatter-lifeline 1 ";

  private Hello() {
  }

  /** The bytes a node sends: the prefix, its address, a line end. */
  public static byte[] encode(String nodeAddress) {
    byte[] bytes = (PREFIX + nodeAddress + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES || nodeAddress.isBlank() || nodeAddress.contains("\n")) {
      throw new IllegalArgumentException("not an address a lifeline can name: " + nodeAddress);
    }
    return bytes;
  }

  /** The node's address from a received line (without its line end), or empty if it is no hello. */
  public static Optional<String> decode(String line) {
    if (!line.startsWith(PREFIX) || line.length() == PREFIX.length()) {
      return Optional.empty();
    }
    String address = line.substring(PREFIX.length()).strip();
    return address.isEmpty() ? Optional.empty() : Optional.of(address);
  }
}

package io.scatter.node.util;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Whether a port can be listened on now, asked before anything starts so a taken port is refused
 * in one line instead of by a server failing to bind mid-start. A port taken between the probe and
 * the real bind still fails that bind, only more noisily.
 */
public final class PortProbe {

  private PortProbe() {
  }

  /**
   * Why {@code host:port} cannot be bound now, or empty when it can; port 0 (any free one) always
   * can. Bound as Pekko and the JDK's servers bind, with SO_REUSEADDR, so a port in TIME_WAIT is
   * not taken.
   */
  public static Optional<IOException> bindFailure(String host, int port) {
    if (port == 0) {
      return Optional.empty();
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e);
    }
  }
}

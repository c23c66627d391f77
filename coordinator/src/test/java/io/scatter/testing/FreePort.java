package io.scatter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;

/** A port free on loopback this moment, for a server a test starts there and must name in advance. */
public final class FreePort {

  private FreePort() {
  }

  /**
   * A loopback port that refuses connections for as long as this stays open: bound and never listening.
   * A port found free and released could come back as the random port of a JVM the test starts, which
   * then took itself for the seed nobody listens on and joined itself.
   */
  public static final class Refusing implements AutoCloseable {

    private final SocketChannel channel;

    public Refusing() {
      try {
        channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on loopback", e);
      }
    }

    public int port() {
      try {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  public static int onLoopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}

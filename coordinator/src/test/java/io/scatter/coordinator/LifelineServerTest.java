package io.scatter.coordinator;

import io.scatter.time.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.node.lifeline.Hello;
import io.scatter.node.lifeline.LifelineSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coordinator's lifeline server against plain sockets standing in for nodes. */
final class LifelineServerTest {

  private static final LifelineSettings SETTINGS =
      new LifelineSettings(true, Duration.ofSeconds(2), Duration.ZERO, 8, 0, false);
  private static final String NODE = "pekko://scatter@10.0.0.7:25520";

  /** What the listener was told, in order: "opened NODE" or "closed NODE". */
  private final BlockingQueue<String> told = new LinkedBlockingQueue<>();

  private final LifelineServer.Listener listener = new LifelineServer.Listener() {
    @Override
    public void opened(String node) {
      told.add("opened " + node);
    }

    @Override
    public void closed(String node) {
      told.add("closed " + node);
    }
  };

  private static Socket connect(LifelineServer server, String node) throws IOException {
    String hostPort = server.hostPort();
    int colon = hostPort.lastIndexOf(':');
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    OutputStream out = socket.getOutputStream();
    out.write(Hello.encode(node));
    out.flush();
    return socket;
  }

  private String next() throws InterruptedException {
    String event = told.poll(10, TimeUnit.SECONDS);
    return event == null ? "nothing within 10 s" : event;
  }

  @Test
  void aNewHelloFromANodeWhoseLineThisEndStillHolds_isToldAsAClose_thenAnOpen() throws Exception {
    try (LifelineServer server = LifelineServer.start("127.0.0.1", SETTINGS, Ticker.system(), listener);
        Socket first = connect(server, NODE)) {
      assertEquals("opened " + NODE, next());

      // The node saw its line close (a reset this end never heard of) and connects again.
      try (Socket second = connect(server, NODE)) {
        assertEquals("closed " + NODE, next(), "the node dropped this JVM's jobs when its end closed");
        assertEquals("opened " + NODE, next());
        first.setSoTimeout(10_000);
        assertEquals(-1, first.getInputStream().read(), "the older connection is closed");
      }
      assertEquals("closed " + NODE, next(), "the newer one is the node's line now");
    }
  }
}

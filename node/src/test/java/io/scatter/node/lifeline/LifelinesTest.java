package io.scatter.node.lifeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.scatter.node.ScatterConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A node's lifelines against a plain server socket standing in for a coordinator's lifeline server. */
final class LifelinesTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.parseString("""
      scatter.lifeline { enabled = on, port = 0, hello-timeout = 2s, reconnect-backoff = 50ms, max-connections = 8,
        down-dead-nodes = off }
      """).withFallback(ScatterConfig.load()));

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static Optional<String> hello(Socket line) throws IOException {
    line.setSoTimeout(10_000);
    var reader = new BufferedReader(new InputStreamReader(line.getInputStream(), StandardCharsets.UTF_8));
    return Hello.decode(reader.readLine());
  }

  @Test
  void aLineResetByTheCoordinator_isPublishedAsClosed_andTheNodeConnectsAgain() throws Exception {
    TestProbe<Lifelines.Closed> closes = TESTKIT.createTestProbe();
    TESTKIT.system().eventStream().tell(new EventStream.Subscribe<>(Lifelines.Closed.class, closes.getRef()));
    // A fence: published after the subscription, so once it arrives the probe hears every close.
    TESTKIT.system().eventStream().tell(new EventStream.Publish<>(new Lifelines.Closed("fence:0")));
    closes.expectMessage(new Lifelines.Closed("fence:0"));
    try (ServerSocket coordinator = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      coordinator.setSoTimeout(10_000);
      String hostPort = "127.0.0.1:" + coordinator.getLocalPort();

      Lifelines.get(TESTKIT.system()).hold(hostPort);
      Socket first = coordinator.accept();
      String node = hello(first).orElseThrow();
      first.setSoLinger(true, 0);
      first.close(); // a reset, as ClusterDriver.ResetLifeline does

      closes.expectMessage(new Lifelines.Closed(hostPort));
      try (Socket second = coordinator.accept()) {
        assertEquals(Optional.of(node), hello(second), "the same node, connecting again after its backoff");
      }
    }
  }
}

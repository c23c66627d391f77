package io.scatter.node.artery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.EnvelopeBuffer;
import org.apache.pekko.remote.artery.NoOpRemotingFlightRecorder$;
import org.apache.pekko.remote.artery.tcp.TcpFraming;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pekko bug {@link InboundFrameGuard} works around, shown on Pekko's own framing stage alone
 * (docs/upstream/artery-incompatible-version-loop.md): one connection header and one frame whose
 * length is 0x7fffffff, then the end of the input, and the stage hands out that frame's bytes again
 * on every pull, without end. When this test fails, the Pekko in use checks frame lengths itself and
 * the guard can go.
 */
final class PekkoFramingLoopTest {

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("framing-loop", ConfigFactory.parseString("pekko.loglevel = OFF")
        .withFallback(ConfigFactory.defaultReference()));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void tcpFraming_oneFrameOfLengthMaxInt_isEmittedAgainOnEveryPull() throws Exception {
    byte[] body = new byte[1000];
    body[0] = 82; // the envelope's version byte: Artery's decoder then drops it as "Incompatible protocol version [82]"
    ByteBuffer frame = ByteBuffer.allocate(1009).order(ByteOrder.LITTLE_ENDIAN)
        .put("AKKA".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putInt(0x7fffffff).put(body);

    List<EnvelopeBuffer> emitted = Source.single(ByteString.fromArray(frame.array()))
        .via(new TcpFraming(NoOpRemotingFlightRecorder$.MODULE$))
        .take(10_000)
        .runWith(Sink.seq(), system)
        .toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertEquals(10_000, emitted.size(), "the input ended after one frame");
    assertEquals(1000, emitted.get(9_999).byteBuffer().remaining());
    assertEquals(82, emitted.get(9_999).byteBuffer().get(0));
  }
}

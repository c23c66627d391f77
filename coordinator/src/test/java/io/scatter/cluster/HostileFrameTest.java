package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.LocalRunner;
import io.scatter.coordinator.NodeReport;
import io.scatter.coordinator.ProgressListener;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TestDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 2: 1,009 bytes sent once to a plain-TCP node's cluster port ("AKKA", a stream id,
 * a frame length of 0x7fffffff, 1,000 random bytes) made Pekko 1.2.1's framing hand the same frame
 * to its decoder forever, ~100,000 "Incompatible protocol version" lines a second long after the
 * sender had gone, until the node was downed or out of memory. Now the node closes that connection
 * with one line (io.scatter.node.artery.InboundFrameGuard), and the same for the frame on every
 * stream, a negative length and one past the maximum frame size; random bytes Pekko refuses quietly.
 */
final class HostileFrameTest {

  private static final String CLUSTER_NAME = "scatter-hostile-" + ProcessHandle.current().pid();
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration AFTERWARDS = Duration.ofSeconds(10);
  /** A few lines per connection at most; the loop wrote ~100 MB in these 10 s on a 2-core machine. */
  private static final long MAX_LOG_BYTES = 100_000;
  /** An idle node uses a few percent of a core; the loop used all of one. */
  private static final Duration MAX_CPU = Duration.ofSeconds(3);
  private static final int MAX_FRAME = 1024 * 1024;
  private static Path dir;
  private static NodeJvm node;
  private static ClusterRunner runner;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("scatter-hostile-test");
    node = NodeJvm.start(dir, CLUSTER_NAME, "target", List.of("-Xmx256m"), LIMIT);
    runner = node.coordinator();
    runner.open(); // a member already connected while the strangers send, as in a running cluster
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      NodeJvm.stop(runner, node);
    } finally {
      TestDirs.deleteTree(dir);
    }
  }

  /** The bytes: Artery's magic, a stream id, a frame length and 1,000 random bytes for a body. */
  private static byte[] frame(int streamId, int length) {
    byte[] body = new byte[1000];
    new Random(streamId).nextBytes(body);
    body[0] = 82; // what the decoder read as the envelope's version in the issue
    return ByteBuffer.allocate(1009).order(ByteOrder.LITTLE_ENDIAN).put("AKKA".getBytes(StandardCharsets.US_ASCII))
        .put((byte) streamId).putInt(length).put(body).array();
  }

  /** Connects to the node's cluster port, sends {@code bytes} once and goes away. */
  private static void sendOnce(byte[] bytes) throws IOException {
    int port = Integer.parseInt(node.hostPort().substring(node.hostPort().lastIndexOf(':') + 1));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    }
  }

  private static Job primes() {
    return Job.prepare(new JobSpec(new TaskRef("primes", Map.of()), Optional.of(new LongRange(0, 400_000)),
        new Split.IntoCount(24), 3, Duration.ofSeconds(60)), TaskRegistry.load());
  }

  private static Duration nodeCpu() {
    return ProcessHandle.of(node.pid()).orElseThrow().info().totalCpuDuration().orElseThrow();
  }

  @Test
  void aFrameOfLengthMaxInt_closesItsConnectionWithOneLine_andTheNodeStaysUpAndServesJobs() throws Exception {
    long logBefore = node.logBytes();
    Duration cpuBefore = nodeCpu();

    sendOnce(frame(1, 0x7fffffff)); // the frame, on the control stream
    sendOnce(frame(2, 0x7fffffff)); // ordinary messages
    sendOnce(frame(3, 0x7fffffff)); // large messages
    sendOnce(frame(2, -1000));
    sendOnce(frame(2, MAX_FRAME + 1));
    byte[] random = new byte[1009];
    new Random(20).nextBytes(random);
    sendOnce(random);
    TimeUnit.MILLISECONDS.sleep(AFTERWARDS.toMillis());

    long logged = node.logBytes() - logBefore;
    Duration cpu = nodeCpu().minus(cpuBefore);
    String log = node.log();
    assertTrue(logged < MAX_LOG_BYTES, logged + " bytes logged in " + AFTERWARDS.toSeconds() + " s");
    assertTrue(cpu.compareTo(MAX_CPU) < 0, "the node used " + cpu.toMillis() + " ms of CPU in "
        + AFTERWARDS.toSeconds() + " s");
    assertEquals(5, log.lines().filter(line -> line.contains("closed an inbound cluster connection that announced"))
        .count(), log);
    assertTrue(log.contains("a frame of 2147483647 bytes (0x7fffffff) on stream 1, where frames are 28 to "
        + MAX_FRAME + " bytes"), log);
    assertTrue(node.isAlive());
    List<NodeReport> members = runner.nodes(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertTrue(members.stream().anyMatch(member -> member.address().equals(node.hostPort())
        && member.status().equals("up") && member.reachable()), members.toString());
    assertEquals(LocalRunner.sequential().run(primes(), ProgressListener.NONE).value(),
        runner.run(primes(), ProgressListener.NONE).value());
  }
}

package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ChildJvm;
import io.scatter.testing.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** A node that cannot join gives up after the join timeout with a message, instead of hanging forever. */
@Execution(ExecutionMode.CONCURRENT)
final class NodeJoinTimeoutTest {

  private static final List<String> SHORT_JOIN = List.of("-Dscatter.cluster.join-timeout=3s");

  @TempDir
  Path dir;

  @Test
  void nodeWithASeedNobodyListensOnExitsWithAMessage() throws Exception {
    // Held for the whole test: a port found free and released could come back as the node's own.
    try (FreePort.Refusing seed = new FreePort.Refusing();
        ChildJvm node = ChildJvm.start(dir, SHORT_JOIN, "node", "--port", Integer.toString(FreePort.onLoopback()),
            "--seed", "127.0.0.1:" + seed.port(), "--name", "lonely")) {
      int nobody = seed.port();
      assertEquals(1, node.waitFor(Duration.ofSeconds(60)), node.output());
      String output = node.output();
      assertTrue(output.contains("lonely could not join cluster 'scatter' through [127.0.0.1:" + nobody + "] within 3 s"),
          output);
      assertTrue(!output.contains("\tat "), "no stack trace: " + output);
    }
  }

  @Test
  void nodeOfAnotherClusterNameCannotJoinAndSaysSo() throws Exception {
    int seedPort = FreePort.onLoopback();
    try (ChildJvm seed = ChildJvm.start(dir, List.of(), "node", "--port", Integer.toString(seedPort), "--workers", "1");
        ChildJvm stranger = ChildJvm.start(dir, SHORT_JOIN, "node", "--port", Integer.toString(FreePort.onLoopback()),
            "--seed", "127.0.0.1:" + seedPort, "--cluster-name", "other", "--workers", "1")) {
      assertEquals(1, stranger.waitFor(Duration.ofSeconds(60)), stranger.output());
      assertTrue(stranger.output().contains("could not join cluster 'other'"), stranger.output());
      assertTrue(seed.process().isAlive(), "the real cluster is unaffected: " + seed.output());
    }
  }
}

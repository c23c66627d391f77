package io.scatter.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.scatter.node.ClusterAddress;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.ClusterRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code scatter node} in a child JVM on loopback, seeding a cluster of its own, started as a
 * user would start it by hand (not through {@code cluster up}, so with the node's own defaults).
 * Its output (stdout and its log, which a node writes to stderr) is one file, read by {@link #log()}.
 */
public final class NodeJvm implements AutoCloseable {


  private final ChildJvm jvm;
  private final String clusterName;
  private final String name;
  private final int port;

  private NodeJvm(ChildJvm jvm, String clusterName, String name, int port) {
    this.jvm = jvm;
    this.clusterName = clusterName;
    this.name = name;
    this.port = port;
  }

  /** Starts the node and waits until it has joined (founded) its cluster. */
  public static NodeJvm start(Path dir, String clusterName, String name, List<String> jvmOptions, Duration limit,
      String... nodeArgs) throws IOException, InterruptedException {
    return startAt(dir, clusterName, name, FreePort.onLoopback(), jvmOptions, limit, nodeArgs);
  }

  /** Starts the node on {@code port} (a node coming back at its old address) and waits until it has joined. */
  public static NodeJvm startAt(Path dir, String clusterName, String name, int port, List<String> jvmOptions,
      Duration limit, String... nodeArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("node", "--name", name, "--port", Integer.toString(port),
        "--cluster-name", clusterName, "--workers", "2"));
    args.addAll(List.of(nodeArgs));
    NodeJvm node = new NodeJvm(ChildJvm.start(dir, jvmOptions, args.toArray(String[]::new)), clusterName, name, port);
    try {
      node.awaitLog(name + " joined cluster '" + clusterName + "'", limit);
    } catch (AssertionError | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  public String name() {
    return name;
  }

  /** A coordinator in the test JVM for this node's cluster, seeded by this node; the caller closes it. */
  public ClusterRunner coordinator() {
    return new ClusterRunner(TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(clusterName)), List.of(address()), "127.0.0.1");
  }

  /** Closes {@code runner} (if any), then the node (if any) even when that failed, and checks its JVM is gone. */
  public static void stop(ClusterRunner runner, NodeJvm node) {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      if (node != null) {
        node.close();
        assertFalse(node.isAlive(), "the node JVM must be gone");
      }
    }
  }

  public ClusterAddress address() {
    return new ClusterAddress("127.0.0.1", port);
  }

  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return jvm.pid();
  }

  public boolean isAlive() {
    return jvm.process().isAlive();
  }

  public String log() {
    try {
      return jvm.output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The size of the node's output so far, without reading it. */
  public long logBytes() {
    try {
      return jvm.outputSize();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node's output contains {@code text}; fails with the output if it exits or takes too long. */
  public void awaitLog(String text, Duration limit) throws InterruptedException {
    Eventually.await(limit, () -> name + " to log '" + text + "':\n" + log(), () -> {
      if (log().contains(text)) {
        return true;
      }
      if (!isAlive()) {
        throw new AssertionError(name + " exited (" + jvm.process().exitValue() + ") before logging '" + text
            + "':\n" + log());
      }
      return false;
    });
  }

  @Override
  public void close() {
    jvm.close();
  }
}

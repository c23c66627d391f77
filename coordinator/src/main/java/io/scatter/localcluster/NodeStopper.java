package io.scatter.localcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Ends node JVMs: gracefully (SIGTERM, they leave the cluster) or at once (SIGKILL, for fault injection). */
public final class NodeStopper {

  private NodeStopper() {
  }

  /**
   * Sends SIGTERM to every live node, waits up to {@code grace} for them to leave, SIGKILLs the rest,
   * and removes the state folder.
   *
   * @return one line per node saying how it ended
   */
  public static List<String> down(Path stateDir, Duration grace) {
    Optional<LocalCluster> cluster = LocalCluster.read(stateDir);
    List<String> report = new ArrayList<>();
    if (cluster.isEmpty()) {
      return report;
    }
    List<ProcessHandle> stopping = new ArrayList<>();
    for (LocalCluster.Node node : cluster.get().nodes()) {
      Optional<ProcessHandle> handle = ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive);
      if (handle.isEmpty()) {
        report.add(node.name() + " (pid " + node.pid() + ") was not running");
        continue;
      }
      handle.get().destroy();
      stopping.add(handle.get());
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : stopping) {
      String name = nameOf(cluster.get(), handle.pid());
      if (awaitExit(handle, deadline)) {
        report.add(name + " (pid " + handle.pid() + ") left and stopped");
      } else {
        handle.destroyForcibly();
        awaitExit(handle, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        report.add(name + " (pid " + handle.pid() + ") did not stop within " + grace.toSeconds() + " s; killed");
      }
    }
    deleteState(stateDir);
    return report;
  }

  /** SIGKILL for one node: no goodbye, the cluster has to notice by itself. */
  public static LocalCluster.Node kill(Path stateDir, String nodeName) {
    LocalCluster cluster = LocalCluster.read(stateDir)
        .orElseThrow(() -> new IllegalArgumentException("no local cluster in " + stateDir + " ('scatter cluster up' starts one)"));
    LocalCluster.Node node = cluster.node(nodeName).orElseThrow(() -> new IllegalArgumentException("no node '"
        + nodeName + "' in the local cluster; nodes: " + cluster.nodes().stream().map(LocalCluster.Node::name).toList()));
    ProcessHandle handle = ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new IllegalArgumentException(nodeName + " (pid " + node.pid() + ") is not running"));
    handle.destroyForcibly();
    awaitExit(handle, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    return node;
  }

  static void deleteState(Path stateDir) {
    if (!Files.isDirectory(stateDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Leftover files do no harm: the next `cluster up` overwrites them.
    }
  }

  private static boolean awaitExit(ProcessHandle handle, long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    try {
      handle.onExit().get(Math.max(1, remaining), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return !handle.isAlive();
    }
  }

  private static String nameOf(LocalCluster cluster, long pid) {
    return cluster.nodes().stream().filter(n -> n.pid() == pid).map(LocalCluster.Node::name).findFirst().orElse("?");
  }
}

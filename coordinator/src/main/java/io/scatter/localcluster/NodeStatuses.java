package io.scatter.localcluster;

import io.scatter.node.NodeStatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What each node of a local cluster last wrote to its status file, and how old that is. A node
 * rewrites the file every {@code status-refresh}; one that cannot (a full disk) or is frozen leaves
 * an old one, and a view read from it is out of date: {@link #warning} says so.
 */
public final class NodeStatuses {

  /**
   * One node's status file as read now.
   *
   * @param snapshot what it holds; empty when the file is missing or unreadable, or the node is dead
   * @param age      how long ago it was written, as of the read
   */
  public record Entry(LocalCluster.Node node, boolean alive, Optional<NodeStatusFile.Snapshot> snapshot,
      Optional<Duration> age) {

    /** "0.4 s", "none" (alive, no readable status) or "-" (dead: not expected to write one). */
    public String ageText() {
      if (!alive) {
        return "-";
      }
      return age.map(NodeStatuses::seconds).orElse("none");
    }
  }

  private final Path stateDir;
  private final List<Entry> entries;

  private NodeStatuses(Path stateDir, List<Entry> entries) {
    this.stateDir = stateDir;
    this.entries = List.copyOf(entries);
  }

  /** Reads the status file of every node of {@code cluster}, ages taken at {@code nowMillis}. */
  public static NodeStatuses read(LocalCluster cluster, Path stateDir, long nowMillis) {
    List<Entry> entries = new ArrayList<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      boolean alive = node.isAlive();
      Optional<NodeStatusFile.Snapshot> snapshot = alive ? readQuietly(NodeStatusFile.path(stateDir, node.name()))
          : Optional.empty();
      Optional<Duration> age = snapshot.map(s -> Duration.ofMillis(Math.max(0, nowMillis - s.updatedMillis())));
      entries.add(new Entry(node, alive, snapshot, age));
    }
    return new NodeStatuses(stateDir, entries);
  }

  private static Optional<NodeStatusFile.Snapshot> readQuietly(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(NodeStatusFile.read(file));
    } catch (IOException e) {
      // Written whole or not at all since AtomicFile; an unreadable one is an old scatter's half-written file.
      return Optional.empty();
    }
  }

  public List<Entry> entries() {
    return entries;
  }

  public Optional<Entry> of(String nodeName) {
    return entries.stream().filter(entry -> entry.node().name().equals(nodeName)).findFirst();
  }

  /** The most recently written status of a node that is alive: the best view of the cluster there is. */
  public Optional<Entry> freshest() {
    return entries.stream().filter(entry -> entry.snapshot().isPresent())
        .min(Comparator.comparing(entry -> entry.age().orElseThrow()));
  }

  /**
   * One line naming every live node whose status is older than {@code freshness} allows or missing,
   * and the free space where they write it; empty when every live node's is fresh.
   */
  public Optional<String> warning(StatusFreshness freshness) {
    List<String> stale = entries.stream()
        .filter(entry -> entry.alive() && entry.age().map(freshness::isStale).orElse(true))
        .map(entry -> entry.node().name() + " " + entry.age().map(age -> seconds(age) + " old").orElse("none written"))
        .toList();
    if (stale.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("warning: status past scatter.cluster.status-stale-after (" + seconds(freshness.staleAfter())
        + "): " + String.join(", ", stale) + "; nodes rewrite theirs every " + seconds(freshness.refresh())
        + ", so what they show may be out of date. A node that cannot write its status file says why in its log; "
        + stateDir + " has " + freeSpace() + " free");
  }

  private String freeSpace() {
    try {
      return bytes(Files.getFileStore(stateDir).getUsableSpace());
    } catch (IOException e) {
      return "an unknown amount (" + e.getMessage() + ")";
    }
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}

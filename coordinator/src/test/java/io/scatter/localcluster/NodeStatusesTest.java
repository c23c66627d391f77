package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.node.NodeStatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How old each node's status is, and when {@code cluster status} warns about it. */
final class NodeStatusesTest {

  private static final long NOW = 1_000_000;
  private static final StatusFreshness FRESHNESS = new StatusFreshness(Duration.ofSeconds(1), Duration.ofSeconds(10));

  @TempDir
  Path dir;

  @Test
  void ageText_isTheAgeForALiveNode_noneWithoutAFile_dashForADeadOne() throws IOException {
    writeStatus("node-1", NOW - 400);
    NodeStatuses statuses = NodeStatuses.read(cluster(alive("node-1"), alive("node-2"), dead("node-3")), dir, NOW);

    assertEquals(List.of("0.4 s", "none", "-"), statuses.entries().stream().map(NodeStatuses.Entry::ageText).toList());
  }

  @Test
  void freshest_isTheMostRecentlyWrittenOfTheLiveNodes() throws IOException {
    writeStatus("node-1", NOW - 5_000);
    writeStatus("node-2", NOW - 300);

    assertEquals("node-2", NodeStatuses.read(cluster(alive("node-1"), alive("node-2")), dir, NOW).freshest()
        .orElseThrow().node().name());
  }

  @Test
  void warning_everyLiveNodeFresh_isNone() throws IOException {
    writeStatus("node-1", NOW - 9_000);

    assertEquals(Optional.empty(), NodeStatuses.read(cluster(alive("node-1"), dead("node-2")), dir, NOW).warning(FRESHNESS));
  }

  @Test
  void warning_pastTheThreshold_namesTheNodesTheirAgesTheKeyAndTheFreeSpace() throws IOException {
    writeStatus("node-1", NOW - 52_300);
    writeStatus("node-2", NOW - 200);

    String warning = NodeStatuses.read(cluster(alive("node-1"), alive("node-2"), alive("node-3")), dir, NOW)
        .warning(FRESHNESS).orElseThrow();

    assertTrue(warning.startsWith("warning: status past scatter.cluster.status-stale-after (10.0 s): "
        + "node-1 52.3 s old, node-3 none written; nodes rewrite theirs every 1.0 s"), warning);
    assertTrue(warning.matches(".*" + java.util.regex.Pattern.quote(dir.toString()) + " has [0-9.]+ [KMGT]?i?B free$"),
        warning);
  }

  @Test
  void freshness_staleAfterNotLongerThanTheRefresh_isRefusedNamingBothKeys() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StatusFreshness(Duration.ofSeconds(1), Duration.ofMillis(1000)));

    assertEquals("scatter.cluster.status-stale-after must be longer than scatter.cluster.status-refresh (1000 ms), "
        + "got 1000 ms", e.getMessage());
  }

  @Test
  void bytes_readsAsPeopleWriteSizes() {
    assertEquals(List.of("0 B", "1023 B", "1.0 KiB", "1.5 MiB"), List.of(NodeStatuses.bytes(0), NodeStatuses.bytes(1023),
        NodeStatuses.bytes(1024), NodeStatuses.bytes(1536 * 1024)));
  }

  private static LocalCluster cluster(LocalCluster.Node... nodes) {
    return new LocalCluster("test", List.of(nodes), true);
  }

  /** A node whose process is this test's JVM: alive by pid and start time. */
  private static LocalCluster.Node alive(String name) {
    ProcessHandle self = ProcessHandle.current();
    return new LocalCluster.Node(name, self.pid(), self.info().startInstant().orElseThrow().toEpochMilli(),
        "127.0.0.1", 1, 1, name + ".log");
  }

  /** Recorded without a start time: never taken for a live process. */
  private static LocalCluster.Node dead(String name) {
    return new LocalCluster.Node(name, ProcessHandle.current().pid(), null, "127.0.0.1", 2, 1, name + ".log");
  }

  private void writeStatus(String node, long updatedMillis) throws IOException {
    Files.writeString(NodeStatusFile.path(dir, node), new ObjectMapper().writeValueAsString(
        new NodeStatusFile.Snapshot(node, 1, "pekko://test@127.0.0.1:1", updatedMillis, List.of())));
  }
}

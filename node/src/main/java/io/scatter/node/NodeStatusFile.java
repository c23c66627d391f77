package io.scatter.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.node.util.AtomicFile;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;

/**
 * The cluster as one node sees it, written to {@code NAME.status.json} in the local cluster's
 * state folder on every membership or reachability change and every {@code scatter.cluster.status-refresh},
 * so {@code scatter cluster status} can answer without joining the cluster itself. One instance per
 * node incarnation, used by its guardian actor alone.
 *
 * <p>A write that fails (a full disk) costs the node nothing but the file: it is logged once, with
 * the cause, not on every refresh; the next refresh tries again, and the first success after
 * failures is logged too. Readers see the file age ({@link Snapshot#updatedMillis}) meanwhile.
 */
public final class NodeStatusFile {

  /** One member as this node sees it. */
  public record MemberView(String address, String status, List<String> roles, boolean reachable) { }

  /** The whole file. */
  public record Snapshot(String name, long pid, String address, long updatedMillis, List<MemberView> members) { }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String nodeName;
  private final Path file;
  private final Logger log;
  private final Ticker ticker;
  private int failuresInRow;

  private NodeStatusFile(String nodeName, Path file, Logger log, Ticker ticker) {
    this.nodeName = nodeName;
    this.file = file;
    this.log = log;
    this.ticker = ticker;
  }

  /**
   * The status file of {@code nodeName} in {@code stateDir}, rid of the temporary files an earlier
   * process of this node left if it died mid-write: only this node writes them.
   *
   * @param ticker stamps each write, for the age {@code cluster status} shows
   */
  public static NodeStatusFile open(Path stateDir, String nodeName, Logger log, Ticker ticker) {
    Path file = path(stateDir, nodeName);
    AtomicFile.deleteStaleTemps(file);
    return new NodeStatusFile(nodeName, file, log, ticker);
  }

  public static Path path(Path stateDir, String nodeName) {
    return stateDir.resolve(nodeName + ".status.json");
  }

  public void write(Cluster cluster) {
    write(snapshot(nodeName, cluster, ticker.millis()));
  }

  void write(Snapshot snapshot) {
    try {
      AtomicFile.write(file, JSON.writeValueAsBytes(snapshot));
    } catch (IOException e) {
      if (failuresInRow++ == 0) {
        log.warn("cannot write {}: {}; `cluster status` shows this node's view growing old until a write "
            + "succeeds (tried again on every refresh, logged again once it does)", file, AtomicFile.reason(e));
      }
      return;
    }
    if (failuresInRow > 0) {
      // At the failure's level: a node logs warnings only by default, and whoever saw the failure should see it end.
      log.warn("wrote {} again after {} failed attempt{}", file, failuresInRow, failuresInRow == 1 ? "" : "s");
      failuresInRow = 0;
    }
  }

  private static Snapshot snapshot(String nodeName, Cluster cluster, long nowMillis) {
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<MemberView> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      members.add(new MemberView(member.address().toString(), member.status().toString(),
          List.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(member.roles())),
          !state.getUnreachable().contains(member)));
    }
    return new Snapshot(nodeName, ProcessHandle.current().pid(), cluster.selfMember().address().toString(),
        nowMillis, members);
  }

  public static Snapshot read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Snapshot.class);
  }
}

package io.scatter.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as one node sees it, written to {@code NAME.status.json} in the local cluster's
 * state folder on every membership or reachability change, so {@code scatter cluster status}
 * can answer without joining the cluster itself.
 */
public final class NodeStatusFile {

  /** One member as this node sees it. */
  public record MemberView(String address, String status, List<String> roles, boolean reachable) { }

  /** The whole file. */
  public record Snapshot(String name, long pid, String address, long updatedMillis, List<MemberView> members) { }

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeStatusFile() {
  }

  public static Path path(Path stateDir, String nodeName) {
    return stateDir.resolve(nodeName + ".status.json");
  }

  public static void write(Path stateDir, String nodeName, Cluster cluster) {
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<MemberView> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      members.add(new MemberView(member.address().toString(), member.status().toString(),
          List.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(member.roles())),
          !state.getUnreachable().contains(member)));
    }
    Snapshot snapshot = new Snapshot(nodeName, ProcessHandle.current().pid(), cluster.selfMember().address().toString(),
        System.currentTimeMillis(), members);
    try {
      Path file = path(stateDir, nodeName);
      Path temp = Files.createTempFile(stateDir, nodeName, ".tmp");
      JSON.writeValue(temp.toFile(), snapshot);
      // Readers never see a half-written file.
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Status is a convenience for `cluster status`; a node keeps working without it.
    }
  }

  public static Snapshot read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Snapshot.class);
  }
}

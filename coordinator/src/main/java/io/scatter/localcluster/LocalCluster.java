package io.scatter.localcluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scatter.node.ClusterAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cluster of node JVMs on this machine, as {@code scatter cluster up} left it: one
 * {@code cluster.json} naming every node's pid and address, plus each node's log and status file,
 * all in one state folder. This class only reads and writes that record; {@link NodeLauncher}
 * starts processes and {@link NodeStopper} ends them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalCluster(String clusterName, List<Node> nodes) {

  static final String STATE_FILE = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One node JVM started by {@code cluster up}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Node(String name, long pid, String host, int port, int workers, String log) {

    @JsonIgnore
    public ClusterAddress address() {
      return new ClusterAddress(host, port);
    }

    @JsonIgnore
    public boolean isAlive() {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  public LocalCluster {
    nodes = List.copyOf(nodes);
  }

  public static Optional<LocalCluster> read(Path stateDir) {
    Path file = stateDir.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), LocalCluster.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("local cluster state " + file + " is unreadable (" + e.getMessage()
          + "); remove " + stateDir + " and start again");
    }
  }

  /** The running cluster in {@code stateDir}, if any of its nodes is still alive. */
  public static Optional<LocalCluster> running(Path stateDir) {
    return read(stateDir).filter(cluster -> cluster.nodes.stream().anyMatch(Node::isAlive));
  }

  void write(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      JSON.writeValue(stateDir.resolve(STATE_FILE).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateDir.resolve(STATE_FILE), e);
    }
  }

  /** Seeds for a coordinator: every node still alive. */
  @JsonIgnore
  public List<ClusterAddress> seeds() {
    List<ClusterAddress> seeds = new ArrayList<>();
    nodes.stream().filter(Node::isAlive).forEach(node -> seeds.add(node.address()));
    return seeds;
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
  }
}

package io.scatter.localcluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scatter.node.ClusterAddress;
import io.scatter.node.util.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cluster of node JVMs on this machine, as {@code scatter cluster up} left it: one
 * {@code cluster.json} naming every node's pid, start time and address, plus each node's log and
 * status file, all in one state folder ({@link StateDir} knows which files those are). This class
 * only reads and writes that record; {@link NodeLauncher} starts processes and {@link NodeStopper}
 * ends them.
 *
 * @param createdStateDir whether scatter made the state folder (so may remove it once it is empty)
 * @param coordinator     the {@code scatter coordinator} JVM {@code cluster up} started beside the
 *                        nodes; null with {@code --no-coordinator}, or in a record written before
 *                        scatter started one
 * @param tls             whether its members talk mutual TLS, with the certificates {@code cluster up --tls}
 *                        made in the state folder (false in a record written before scatter had TLS)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalCluster(String clusterName, List<Node> nodes, boolean createdStateDir, Coordinator coordinator,
    boolean tls) {

  static final String STATE_FILE = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One node JVM started by {@code cluster up}.
   *
   * @param startedMillis when the process started (epoch millis, as {@link ProcessHandle.Info#startInstant()}
   *                      reports it), so a pid the system has since given to another process is told
   *                      apart; null in a record written before scatter kept it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Node(String name, long pid, Long startedMillis, String host, int port, int workers, String log) {

    /** The record of a node just started as {@code process}. */
    static Node started(String name, Process process, String host, int port, int workers, String log) {
      Long started = process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(null);
      return new Node(name, process.pid(), started, host, port, workers, log);
    }

    @JsonIgnore
    public ClusterAddress address() {
      return new ClusterAddress(host, port);
    }

    /**
     * The node's process, if it is still running: the pid alive and started when this node
     * started. The one way to reach a node's process; anything that signals a node goes through
     * it, so a stale record never signals a process that is not scatter's.
     */
    @JsonIgnore
    public Optional<ProcessHandle> process() {
      return verified(pid, startedMillis);
    }

    @JsonIgnore
    public boolean isAlive() {
      return process().isPresent();
    }

    /** Whether the recorded pid is alive but is not this node (the system reused it, or the record predates start times). */
    @JsonIgnore
    public boolean pidTakenByAnother() {
      return !isAlive() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** How this node is gone, for a report: not running, or its pid now someone else's (and so left alone). */
    @JsonIgnore
    public String gone() {
      if (!pidTakenByAnother()) {
        return name + " (pid " + pid + ") was not running";
      }
      return name + " (pid " + pid + ") is gone: " + (startedMillis == null
          ? "cluster.json predates recorded start times, so pid " + pid + " cannot be told to be this node"
          : "pid " + pid + " now belongs to another process") + "; not signalled";
    }
  }

  /**
   * The job API's JVM ({@code scatter coordinator}) that {@code cluster up} started.
   *
   * @param url         where it serves the job API, as its log said
   * @param clusterPort the port of its cluster member: nodes restarted while it lives join through
   *                    it; null in a record written before it was kept
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Coordinator(String name, long pid, Long startedMillis, String url, String log, Integer clusterPort) {

    public static final String NAME = "coordinator";

    static Coordinator started(Process process, String url, Path log, int clusterPort) {
      Long started = process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(null);
      return new Coordinator(NAME, process.pid(), started, url, log.toString(), clusterPort);
    }

    /** Its process if still running, verified as {@link Node#process()} does: the one way to signal it. */
    @JsonIgnore
    public Optional<ProcessHandle> process() {
      return verified(pid, startedMillis);
    }

    @JsonIgnore
    public boolean isAlive() {
      return process().isPresent();
    }

    /** Its cluster member's address: on the loopback, as the nodes cluster up starts; empty in an old record. */
    @JsonIgnore
    public Optional<ClusterAddress> clusterAddress() {
      return Optional.ofNullable(clusterPort).map(port -> new ClusterAddress(NodeLauncher.HOST, port));
    }
  }

  public LocalCluster {
    nodes = List.copyOf(nodes);
  }

  /** A cluster of nodes only (no coordinator JVM), on plain TCP. */
  public LocalCluster(String clusterName, List<Node> nodes, boolean createdStateDir) {
    this(clusterName, nodes, createdStateDir, null, false);
  }

  /**
   * The process with {@code pid}, if alive (not exited, a zombie included) and started at
   * {@code startedMillis}; a reused pid is someone else's.
   */
  private static Optional<ProcessHandle> verified(long pid, Long startedMillis) {
    if (startedMillis == null) {
      // Unverifiable: the pid may long since belong to someone else.
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(handle -> !ProcessExit.ended(handle))
        .filter(handle -> handle.info().startInstant().map(instant -> instant.toEpochMilli() == startedMillis)
            .orElse(false));
  }

  /** Builds what {@link #read} uses, ahead of the first read (a command's warm-up thread). */
  public static void warmUp() {
    JSON.readerFor(LocalCluster.class); // builds its deserializer, which the mapper caches
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
          + "); remove " + file + " and start again");
    }
  }

  /** The running cluster in {@code stateDir}, if any of its nodes is still alive. */
  public static Optional<LocalCluster> running(Path stateDir) {
    return read(stateDir).filter(cluster -> cluster.nodes.stream().anyMatch(Node::isAlive));
  }

  /**
   * Replaces {@code cluster.json} whole: on a full disk the record of the running cluster stays as it
   * was (a truncated one would leave its processes unknown to {@code down}), and the error names
   * the file and the cause in one line.
   */
  public void write(Path stateDir) {
    Path file = stateDir.resolve(STATE_FILE);
    try {
      Files.createDirectories(stateDir);
      AtomicFile.write(file, JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw StateDir.cannot("write", file, e);
    }
  }

  /** The same cluster with these nodes. */
  LocalCluster withNodes(List<Node> changed) {
    return new LocalCluster(clusterName, changed, createdStateDir, coordinator, tls);
  }

  /** The same cluster with this coordinator. */
  LocalCluster withCoordinator(Coordinator started) {
    return new LocalCluster(clusterName, nodes, createdStateDir, started, tls);
  }

  @JsonIgnore
  public Optional<Coordinator> coordinatorRecord() {
    return Optional.ofNullable(coordinator);
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

package io.scatter.localcluster;

import io.scatter.node.ClusterSettings;
import io.scatter.node.ClusterTls;
import io.scatter.node.NodeStatusFile;
import io.scatter.node.util.AtomicFile;
import io.scatter.tls.ClusterCertificates;
import io.scatter.node.ScatterConfig;
import io.scatter.time.Ticker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts node JVMs in the background on loopback: free ports, the first node as everyone's seed,
 * output in a log per node. Returns once every node reports that it is Up, or cleans up and
 * throws naming the node that failed and the end of its log.
 */
public final class NodeLauncher {

  /**
   * The longest a wait for nodes goes without looking: the state folder's watch wakes it on every
   * write, so this only bounds how late a node that died (and wrote nothing) is noticed.
   */
  static final Duration RECHECK = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 5;
  /** Where every node of a local cluster listens. */
  public static final String HOST = "127.0.0.1";
  static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Path stateDir;
  private final String clusterName;
  private final Optional<Path> configFile;
  private final List<String> jvmOptions;
  private final boolean faultInjection;
  /**
   * How long a node whose log says it joined may take to show so in its status file too:
   * {@code status-stale-after}, past which `cluster status` would warn about the missing file anyway.
   * Generous, since a loaded machine can take seconds; it only delays `up` when the file never comes.
   */
  private final Duration statusGrace;
  private final Ticker ticker;
  private final ClusterSettings settings;
  /** Made on the first start, once the state folder exists (the class path may be a copy of the jar there). */
  private ClassDataCache.Plan classData;

  /** Nodes with fault injection on: a local cluster is the user's own experiment. */
  public NodeLauncher(Path stateDir, String clusterName, Optional<Path> configFile, List<String> jvmOptions) {
    this(stateDir, clusterName, configFile, jvmOptions, true, Ticker.system());
  }

  /**
   * @param faultInjection start nodes with {@code --allow-fault-injection}; without, their configuration decides
   * @param ticker         what the wait for the nodes to join is timed by
   */
  public NodeLauncher(Path stateDir, String clusterName, Optional<Path> configFile, List<String> jvmOptions,
      boolean faultInjection, Ticker ticker) {
    this.stateDir = stateDir.toAbsolutePath();
    this.clusterName = clusterName;
    this.configFile = configFile.map(Path::toAbsolutePath);
    ClusterSettings settings = ClusterSettings.from(ScatterConfig.load(configFile));
    List<String> options = new ArrayList<>(settings.jvmOptions());
    options.addAll(jvmOptions);
    this.jvmOptions = List.copyOf(options);
    this.faultInjection = faultInjection;
    this.statusGrace = settings.statusStaleAfter();
    this.ticker = ticker;
    this.settings = settings;
  }

  /** The class path and class-data archive of this cluster's JVMs ({@link ClassDataCache}). */
  private ClassDataCache.Plan classData() {
    if (classData == null) {
      classData = classData(stateDir, settings, jvmOptions);
    }
    return classData;
  }

  static ClassDataCache.Plan classData(Path stateDir, ClusterSettings settings, List<String> jvmOptions) {
    return ClassDataCache.plan(settings, jvmOptions, System.getProperty("java.class.path"), () -> classpath(stateDir));
  }

  /** {@code scatter.cluster.jvm-options}, split at whitespace: what every JVM of a local cluster gets first. */
  public static List<String> configuredJvmOptions(Optional<Path> configFile) {
    return ClusterSettings.from(ScatterConfig.load(configFile)).jvmOptions();
  }

  /** A cluster on plain TCP. */
  public LocalCluster up(int nodeCount, int workersPerNode, Duration startLimit) {
    return up(nodeCount, workersPerNode, startLimit, false);
  }

  /**
   * @param tls mutual TLS between the members, with a CA and key stores made in the state folder
   *            for the nodes and for coordinators ({@link #ensureCertificates})
   */
  public LocalCluster up(int nodeCount, int workersPerNode, Duration startLimit, boolean tls) {
    Starting starting = launch(nodeCount, workersPerNode, tls);
    try {
      return starting.awaitUp(startLimit);
    } catch (RuntimeException e) {
      starting.abandon();
      throw e;
    }
  }

  /**
   * Starts {@code nodeCount} node JVMs at once and records them in {@code cluster.json}, without
   * waiting for them: the caller can start the coordinator beside them (it finds them there), then
   * {@link Starting#awaitUp} them. On a failure here what was started is stopped again.
   */
  public Starting launch(int nodeCount, int workersPerNode, boolean tls) {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, got " + nodeCount);
    }
    boolean created = StateDir.prepare(stateDir);
    List<Launch> launches = new ArrayList<>();
    try {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= nodeCount; i++) {
        names.add("node-" + i);
      }
      if (tls) {
        ensureCertificates(names);
      }
      int seedPort = freePort();
      for (int i = 1; i <= nodeCount; i++) {
        String name = names.get(i - 1);
        int port = i == 1 ? seedPort : freePort();
        launches.add(start(name, port, seedPort, workersPerNode, stateDir.resolve(name + ".log"), tls));
      }
      LocalCluster cluster = new LocalCluster(clusterName, Launch.nodes(launches), created, null, tls);
      cluster.write(stateDir);
      return new Starting(cluster, launches, created);
    } catch (RuntimeException e) {
      new Starting(null, launches, created).abandon();
      throw e;
    }
  }

  /** Node JVMs {@link #launch} started and recorded, not yet known to be Up. */
  public final class Starting {
    private final LocalCluster cluster;
    private final List<Launch> launches;
    private final boolean created;

    private Starting(LocalCluster cluster, List<Launch> launches, boolean created) {
      this.cluster = cluster;
      this.launches = List.copyOf(launches);
      this.created = created;
    }

    /** The cluster as recorded: its nodes' names, pids and addresses. */
    public LocalCluster cluster() {
      return cluster;
    }

    /**
     * Once the cluster is up: makes its JVMs' class-data archive in the background, from the classes
     * they listed, if there is none yet ({@link ClassDataCache.Plan#dumpInBackground}).
     */
    public void archiveClassesInBackground() {
      classData().dumpInBackground();
    }

    /** Waits until every node is Up; throws naming the first that exited or did not join within {@code limit}. */
    public LocalCluster awaitUp(Duration limit) {
      NodeLauncher.this.awaitUp(launches, limit);
      return cluster;
    }

    /**
     * Stops the nodes and removes what this {@code up} wrote (only that: the folder may be the
     * user's, with things of their own in it). Anything else started beside them is stopped first.
     */
    public void abandon() {
      launches.forEach(launch -> killAndWait(launch.process()));
      StateDir.clean(stateDir, created);
    }
  }

  /**
   * Starts again, on the same names and ports, the nodes of {@code cluster} that are dead (killed by
   * fault injection, say), joining through a live node, and records their new pids.
   *
   * @return the cluster as it is now
   */
  public LocalCluster revive(LocalCluster cluster, Duration startLimit) {
    return revive(cluster, liveSeed(cluster).port(), startLimit);
  }

  /**
   * Starts again the nodes of {@code cluster} that are dead, joining through {@code seedPort} on
   * this host: a live node's, the coordinator's cluster port when every node is gone, or the first
   * dead node's own when nothing of the cluster is left to join (it founds it again, as on {@code up}).
   */
  public LocalCluster revive(LocalCluster cluster, int seedPort, Duration startLimit) {
    List<LocalCluster.Node> nodes = new ArrayList<>();
    List<Launch> revived = new ArrayList<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      if (node.isAlive()) {
        nodes.add(node);
        continue;
      }
      deleteStatus(node.name());
      if (cluster.tls()) {
        ensureCertificates(List.of(node.name()));
      }
      Launch launch = start(node.name(), node.port(), seedPort, node.workers(), Path.of(node.log()), cluster.tls());
      nodes.add(launch.node());
      revived.add(launch);
    }
    return recordAndAwait(cluster, nodes, revived, startLimit);
  }

  /**
   * Adds {@code count} new nodes to a running cluster (scaling out, or a node joining mid-job),
   * named after the ones there are and joining through a live node.
   *
   * @return the cluster as it is now
   */
  public LocalCluster add(LocalCluster cluster, int count, int workersPerNode, Duration startLimit) {
    LocalCluster.Node seed = liveSeed(cluster);
    List<LocalCluster.Node> nodes = new ArrayList<>(cluster.nodes());
    List<Launch> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "node-" + (nodes.size() + 1);
      if (cluster.tls()) {
        ensureCertificates(List.of(name));
      }
      Launch launch = start(name, freePort(), seed.port(), workersPerNode, stateDir.resolve(name + ".log"), cluster.tls());
      nodes.add(launch.node());
      added.add(launch);
    }
    return recordAndAwait(cluster, nodes, added, startLimit);
  }

  private static LocalCluster.Node liveSeed(LocalCluster cluster) {
    return cluster.nodes().stream().filter(LocalCluster.Node::isAlive).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node of the local cluster is alive to join through"));
  }

  /**
   * Records the cluster with its new nodes, then waits until the started ones are Up. Processes
   * that cannot be recorded (a full disk) are stopped: nothing else would ever find them to stop.
   */
  private LocalCluster recordAndAwait(LocalCluster cluster, List<LocalCluster.Node> nodes, List<Launch> started,
      Duration startLimit) {
    LocalCluster updated = cluster.withNodes(nodes);
    try {
      updated.write(stateDir);
    } catch (RuntimeException e) {
      started.forEach(launch -> killAndWait(launch.process()));
      throw e;
    }
    awaitUp(started, startLimit);
    return updated;
  }

  private void deleteStatus(String node) {
    Path status = NodeStatusFile.path(stateDir, node);
    try {
      Files.deleteIfExists(status);
    } catch (IOException e) {
      throw StateDir.cannot("remove the old status file", status, e);
    }
  }

  /**
   * Makes in the state folder what is missing of the cluster's CA, its trust store, the key store
   * coordinators present, and those of {@code nodes}: the same CA signs nodes added or restarted later.
   */
  private void ensureCertificates(List<String> nodes) {
    List<String> members = new ArrayList<>(nodes);
    members.add(ClusterTls.COORDINATOR);
    new ClusterCertificates().make(stateDir, members);
  }

  /** A node JVM just started, and where its output begins in its (appended) log. */
  private record Launch(LocalCluster.Node node, Process process, long logOffset) {
    static List<LocalCluster.Node> nodes(List<Launch> launches) {
      return launches.stream().map(Launch::node).toList();
    }
  }

  private Launch start(String name, int port, int seedPort, int workers, Path log, boolean tls) {
    // The first node lists the classes a node loads for the archive, if there is none yet.
    List<String> command = javaCommand(jvmOptions, classData(), name.equals("node-1"));
    command.addAll(List.of("node",
        "--name", name, "--host", HOST, "--port", Integer.toString(port), "--seed", HOST + ":" + seedPort,
        "--cluster-name", clusterName, "--state-dir", stateDir.toString()));
    if (tls) {
      // The folder, never a password: those stay in their owner-only files.
      command.addAll(List.of("--tls", stateDir.toString()));
    }
    if (workers > 0) {
      command.addAll(List.of("--workers", Integer.toString(workers)));
    }
    if (faultInjection) {
      command.add("--allow-fault-injection");
    }
    configFile.ifPresent(file -> command.addAll(List.of("--config", file.toString())));
    long logOffset = JoinEvidence.logOffset(log);
    Process process = startLogging(name, new ProcessBuilder(command), log);
    return new Launch(LocalCluster.Node.started(name, process, HOST, port, workers, log.toString()), process, logOffset);
  }

  /**
   * {@code [setsid] java OPTIONS -cp CLASSPATH io.scatter.cli.Scatter}: the start of the command
   * line for a JVM of the local cluster; the subcommand and its options follow.
   */
  static List<String> javaCommand(List<String> jvmOptions, ClassDataCache.Plan classData, boolean listsClasses) {
    List<String> command = new ArrayList<>();
    // In a session of its own a JVM outlives the terminal (and the tool) that started it; setsid
    // execs in place when the caller is not a group leader, so the pid we record stays the JVM's.
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(classData.options(listsClasses));
    command.addAll(List.of("-cp", classData.classpath(), "io.scatter.cli.Scatter"));
    return command;
  }

  /** Starts {@code command} in the background, its output appended to {@code log}. */
  static Process startLogging(String name, ProcessBuilder command, Path log) {
    try {
      return command
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + AtomicFile.reason(e), e);
    }
  }

  /**
   * The classpath for node JVMs. When it is one jar (scatter.jar), nodes run from a copy in the
   * state folder: rebuilding the project replaces the original under a running JVM, which then
   * fails on the next class it loads.
   */
  private static String classpath(Path stateDir) {
    String classpath = System.getProperty("java.class.path");
    Path jar = Path.of(classpath);
    if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar") || !Files.isRegularFile(jar)) {
      return classpath;
    }
    Path copy = stateDir.resolve(StateDir.JAR_COPY);
    try {
      if (!Files.exists(copy) || Files.size(copy) != Files.size(jar)
          || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return copy.toString();
    } catch (IOException e) {
      return classpath;
    }
  }

  /**
   * Waits until every started node has joined, by {@link JoinEvidence}: its status file showing it
   * Up, or its own line in its log. The status file normally follows the line within a refresh and
   * is waited for (up to {@link #statusGrace}), so a `cluster status` right after `up` sees every
   * node; one that does not come (a full disk) does not turn a node that says it joined into one
   * that "did not join".
   */
  private void awaitUp(List<Launch> launches, Duration limit) {
    long deadline = ticker.read() + limit.toNanos();
    try (StateDirWatch watch = StateDirWatch.on(stateDir, RECHECK)) {
      for (Launch launch : launches) {
        awaitUp(launch, deadline, limit, watch);
      }
    }
  }

  private void awaitUp(Launch launch, long deadline, Duration limit, StateDirWatch watch) {
    LocalCluster.Node node = launch.node();
    Path status = NodeStatusFile.path(stateDir, node.name());
    Path log = Path.of(node.log());
    long saidJoinedAt = 0;
    while (!JoinEvidence.statusShowsItselfUp(status)) {
      if (saidJoinedAt == 0 && JoinEvidence.logSaysJoined(node.name(), log, launch.logOffset())) {
        saidJoinedAt = ticker.read();
      }
      if (!launch.process().isAlive()) {
        throw new IllegalStateException(node.name() + " exited with code " + launch.process().exitValue()
            + (saidJoinedAt == 0 ? " before joining" : " just after joining") + "; end of " + node.log() + ":\n"
            + tail(log));
      }
      if (saidJoinedAt != 0 && ticker.read() - saidJoinedAt > statusGrace.toNanos()) {
        break;
      }
      if (saidJoinedAt == 0 && ticker.read() - deadline > 0) {
        throw new IllegalStateException(node.name() + " did not join within " + limit.toSeconds() + " s (neither "
            + status.getFileName() + " nor its log says so); end of " + node.log() + ":\n" + tail(log));
      }
      watch.awaitChange("nodes to join");
    }
  }

  /** A node that failed to come up is gone before its files are removed, so it writes none after. */
  static void killAndWait(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

}

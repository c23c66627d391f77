package io.scatter.localcluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.scatter.node.ClusterSettings;
import io.scatter.node.ScatterConfig;
import io.scatter.node.util.PortProbe;
import io.scatter.tls.OwnerOnlyFiles;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the local cluster's {@code scatter coordinator} JVM beside its nodes, the way
 * {@link NodeLauncher} starts a node: in a session of its own, output in {@code coordinator.log}
 * in the state folder, joining the cluster recorded there. Returns once its log says where it
 * serves the job API, or kills it and throws with the end of its log.
 */
public final class CoordinatorLauncher {

  /** 256 bits of the system's strong random: as a key would have. */
  private static final int UPLOAD_TOKEN_BYTES = 32;

  private static final String HOST = "127.0.0.1";
  /** The line {@code scatter coordinator} prints once the API is bound (CoordinatorServerCommand). */
  private static final Pattern SERVING = Pattern.compile("serving the job API on (http://[^;\\s]+)");
  /**
   * Tells the started {@code scatter coordinator} that its output already is its log file, so it
   * logs there rather than to a quiet log under the working directory (CommandLog).
   */
  public static final String OUTPUT_IS_LOG = "SCATTER_OUTPUT_IS_LOG";

  private final Path stateDir;
  private final Optional<Path> configFile;
  private final Ticker ticker;

  /** @param ticker what the wait for the coordinator to serve is timed by */
  public CoordinatorLauncher(Path stateDir, Optional<Path> configFile, Ticker ticker) {
    this.stateDir = stateDir.toAbsolutePath();
    this.configFile = configFile.map(Path::toAbsolutePath);
    this.ticker = ticker;
  }

  /**
   * Refuses a port something already listens on, before any JVM starts; 0 (any free port) always passes.
   *
   * @param flag how the user chooses another port, for the message
   */
  public static void requireFree(int port, String flag) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(flag + " must be between 0 and 65535, got " + port);
    }
    if (PortProbe.bindFailure(HOST, port).isPresent()) {
      throw new IllegalArgumentException("port " + port + " on " + HOST + " is taken, so the coordinator cannot serve "
          + "the job API there; choose another with " + flag + " (0 = any free port), or skip it with --no-coordinator");
    }
  }

  private static boolean namesJournal(Path configFile) {
    try {
      Config config = ConfigFactory.parseFile(configFile.toFile());
      return config.hasPath("scatter.journal.location") && !config.getString("scatter.journal.location").isBlank();
    } catch (ConfigException e) {
      return false; // the coordinator reads the file itself and says what is wrong with it
    }
  }

  /**
   * Starts the coordinator for {@code cluster} on {@code port} (0: a free one), waits until it serves
   * the job API, and records it in {@code cluster.json}.
   *
   * @return the cluster with its coordinator
   */
  public LocalCluster start(LocalCluster cluster, int port, Duration startLimit) {
    return launch(cluster, port).awaitServing(cluster, startLimit);
  }

  /**
   * Starts the coordinator JVM for {@code cluster} without waiting for it: beside nodes that are
   * still starting too (it finds them in {@code cluster.json} and joins as soon as one is Up), so
   * the two JVM start-ups overlap instead of following each other.
   */
  public Starting launch(LocalCluster cluster, int port) {
    Path log = stateDir.resolve(StateDir.COORDINATOR_LOG);
    ClusterSettings settings = ClusterSettings.from(ScatterConfig.load(configFile));
    List<String> command = NodeLauncher.javaCommand(settings.jvmOptions(),
        NodeLauncher.classData(stateDir, settings, settings.jvmOptions()), true);
    // A known cluster port: nodes restarted while every other node is gone join through it.
    int clusterPort = NodeLauncher.freePort();
    command.addAll(List.of("coordinator", "--http", HOST + ":" + port, "--state-dir", stateDir.toString(),
        "--cluster-name", cluster.clusterName(), "--cluster-port", Integer.toString(clusterPort)));
    // The same journal on every start, so a coordinator that cluster up restores resumes the jobs of
    // the one that died: the state folder's, unless the --config file names one (PostgreSQL, say).
    if (!configFile.map(CoordinatorLauncher::namesJournal).orElse(false)) {
      command.addAll(List.of("--journal", stateDir.resolve(StateDir.JOURNAL).toString()));
    }
    if (cluster.tls()) {
      command.addAll(List.of("--tls", stateDir.toString()));
    }
    // Its API has no token (loopback, for the dashboard and the CLI as they are); uploads need this one.
    command.addAll(List.of("--upload-token-file", uploadToken(stateDir).toString()));
    configFile.ifPresent(file -> command.addAll(List.of("--config", file.toString())));
    truncate(log);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(OUTPUT_IS_LOG, "1");
    Process process = NodeLauncher.startLogging(LocalCluster.Coordinator.NAME, builder, log);
    return new Starting(process, log, clusterPort);
  }

  /** Where {@code cluster up} keeps its coordinator's upload token; {@code submit} sends it to that coordinator. */
  public static Path uploadTokenFile(Path stateDir) {
    return stateDir.resolve(StateDir.UPLOAD_TOKEN);
  }

  /** The state folder's upload token, made (random, readable by its owner only) on the first start. */
  public static Path uploadToken(Path stateDir) {
    Path file = uploadTokenFile(stateDir);
    if (Files.isRegularFile(file)) {
      return file;
    }
    byte[] random = new byte[UPLOAD_TOKEN_BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Files.createDirectories(stateDir);
      try (OutputStream out = OwnerOnlyFiles.create(file)) {
        out.write((token + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (FileAlreadyExistsException madeMeanwhile) {
      return file;
    } catch (IOException e) {
      throw StateDir.cannot("write", file, e);
    }
    return file;
  }

  /** A coordinator JVM {@link #launch} started, not yet known to serve. */
  public final class Starting {
    private final Process process;
    private final Path log;
    private final int clusterPort;

    private Starting(Process process, Path log, int clusterPort) {
      this.process = process;
      this.log = log;
      this.clusterPort = clusterPort;
    }

    /**
     * Waits until the coordinator serves the job API and records it in {@code cluster.json} beside
     * {@code cluster}'s nodes; kills it and throws with the end of its log if it does not within {@code limit}.
     *
     * @return the cluster with its coordinator
     */
    public LocalCluster awaitServing(LocalCluster cluster, Duration limit) {
      try {
        String url = CoordinatorLauncher.this.awaitServing(process, log, limit);
        LocalCluster withCoordinator = cluster.withCoordinator(LocalCluster.Coordinator.started(process, url, log,
            clusterPort));
        withCoordinator.write(stateDir);
        return withCoordinator;
      } catch (RuntimeException e) {
        abandon();
        throw e;
      }
    }

    /** Kills the coordinator JVM (the nodes it was started beside did not come up). */
    public void abandon() {
      NodeLauncher.killAndWait(process);
    }
  }

  /** A coordinator's log starts with its own run: an earlier line would be taken for this one's URL. */
  private static void truncate(Path log) {
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove the old " + log + ": " + e.getMessage(), e);
    }
  }

  private String awaitServing(Process process, Path log, Duration limit) {
    long deadline = ticker.read() + limit.toNanos();
    try (StateDirWatch watch = StateDirWatch.on(stateDir, NodeLauncher.RECHECK)) {
      while (true) {
        Optional<String> url = servingUrl(log);
        if (url.isPresent()) {
          return url.get();
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the coordinator exited with code " + process.exitValue()
              + " before serving the job API; end of " + log + ":\n" + NodeLauncher.tail(log));
        }
        if (ticker.read() - deadline > 0) {
          throw new IllegalStateException("the coordinator did not serve the job API within " + limit.toSeconds()
              + " s; end of " + log + ":\n" + NodeLauncher.tail(log));
        }
        watch.awaitChange("the coordinator");
      }
    }
  }

  private static Optional<String> servingUrl(Path log) {
    try {
      Matcher matcher = SERVING.matcher(Files.readString(log));
      return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

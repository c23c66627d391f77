package io.scatter.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code scatter.cluster} block, read once and checked (see {@code conf/scatter.conf} for what
 * each value means). Its TLS and plain-TCP switches are not here: {@link ClusterTls} and
 * {@link PlainTcpExposure} read them as they configure a member's transport.
 *
 * @param jvmOptions       {@code jvm-options}, split at whitespace: what every JVM of a local cluster gets first
 * @param classDataArchive {@code class-data-archive}: whether a local cluster's JVMs share a class-data archive
 * @param classDataDir     {@code class-data-dir}: where that archive is kept; empty for the user's cache folder
 * @param classDataUnusedFor {@code class-data-unused-for}: how long another jar's or JDK's archive is kept unused
 */
public record ClusterSettings(String name, Path stateDir, int coordinatorPort, int localNodes,
    int coordinatorClusterPort, int workersPerNode, Duration joinTimeout, List<String> jvmOptions,
    Duration startMargin, Duration stopGrace, Duration killWait, Duration workerSettle, Duration statusRefresh,
    Duration statusStaleAfter, boolean classDataArchive, String classDataDir, Duration classDataUnusedFor) {

  public ClusterSettings {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  public static ClusterSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.cluster");
    String name = c.read("name", Config::getString, s -> !s.isBlank(), "not be blank");
    Path stateDir = Path.of(c.text("state-dir"));
    int coordinatorPort = c.port("coordinator-port");
    int localNodes = c.atLeast("local-nodes", 1);
    int coordinatorClusterPort = c.port("coordinator-cluster-port");
    int workersPerNode = c.read("workers-per-node", Config::getInt, n -> n >= 0, "be at least 1 (or 0 for one per core)");
    Duration joinTimeout = c.positive("join-timeout");
    String options = c.text("jvm-options").strip();
    Duration startMargin = c.notNegative("start-margin");
    Duration stopGrace = c.notNegative("stop-grace");
    Duration killWait = c.notNegative("kill-wait");
    Duration workerSettle = c.notNegative("worker-settle");
    Duration statusRefresh = c.positive("status-refresh");
    // Otherwise every status would be warned about between two refreshes.
    Duration statusStaleAfter = c.read("status-stale-after", Config::getDuration, d -> d.compareTo(statusRefresh) > 0,
        "be longer than " + c.path("status-refresh") + " (" + statusRefresh.toMillis() + " ms)");
    boolean classDataArchive = c.flag("class-data-archive");
    String classDataDir = c.text("class-data-dir").strip();
    Duration classDataUnusedFor = c.positive("class-data-unused-for");
    return new ClusterSettings(name, stateDir, coordinatorPort, localNodes, coordinatorClusterPort, workersPerNode,
        joinTimeout, options.isEmpty() ? List.of() : List.of(options.split("\\s+")), startMargin, stopGrace, killWait,
        workerSettle, statusRefresh, statusStaleAfter, classDataArchive, classDataDir, classDataUnusedFor);
  }
}

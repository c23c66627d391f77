package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the one configuration every scatter JVM uses, highest precedence first: system
 * properties ({@code -Dscatter.job.partitions=8}), {@code -Dconfig.file}, the user's
 * {@code --config FILE}, the {@code scatter.conf} shipped in the jar, then Pekko's references.
 * Command-line flags are applied on top by the commands that own them. Every {@code scatter.*} key
 * the user's layers set is checked on load ({@link SettingsCheck}): an unknown key or a value of the
 * wrong type fails here, naming the key and where it was set, before anything runs.
 */
public final class ScatterConfig {

  public static final String RESOURCE = "scatter.conf";
  /** Layered above scatter.conf for JVMs that join a cluster. */
  public static final String CLUSTER_RESOURCE = "cluster.conf";
  /** See {@link #pekkoReference()}. */
  private static volatile Config pekkoReference;
  /** See {@link #resource}. */
  private static final ConcurrentHashMap<String, Config> SHIPPED = new ConcurrentHashMap<>();

  private ScatterConfig() {
  }

  public static Config load() {
    return load(Optional.empty());
  }

  /**
   * @throws IllegalArgumentException naming the file when it is missing or not valid HOCON, or the
   *     key, where it was set and what it should hold when a {@code scatter.*} setting is wrong
   */
  public static Config load(Optional<Path> userFile) {
    return load(userFile, false, true);
  }

  /** The configuration of a cluster member: {@code cluster.conf} over {@code scatter.conf}, under the user's own. */
  public static Config loadForCluster(Optional<Path> userFile) {
    return load(userFile, true, true);
  }

  /**
   * As {@link #load(Optional)} or {@link #loadForCluster}, without Pekko's references under them: for
   * a command that starts no actor system and reads only scatter's settings (a local cluster's
   * control, the job API's clients, help). Those references are a third of a megabyte of HOCON, and
   * parsing them (with the JIT's work on the parser) was a third of such a command's CPU.
   */
  public static Config loadScatterOnly(Optional<Path> userFile, boolean forCluster) {
    return load(userFile, forCluster, false);
  }

  /**
   * Pekko's references, parsed once per JVM: a third of a megabyte of HOCON, which every load parsed
   * again since it drops Typesafe Config's caches first (for system properties set since), and a JVM
   * loads twice (a command's log folder and a cluster member's configuration). Such properties still
   * win, layered above.
   */
  private static Config pekkoReference() {
    Config reference = pekkoReference;
    if (reference == null) {
      reference = ConfigFactory.defaultReference();
      pekkoReference = reference; // two threads at once parse it twice, harmlessly
    }
    return reference;
  }

  /** The shipped defaults alone (scatter.conf and what it includes), ignoring the user's layers. */
  public static Config shipped() {
    return resource(RESOURCE).resolve();
  }

  private static Config load(Optional<Path> userFile, boolean forCluster, boolean withPekko) {
    ConfigFactory.invalidateCaches();
    Config user = ConfigFactory.defaultOverrides()
        .withFallback(application())
        .withFallback(userFile.map(ScatterConfig::parseUserFile).orElse(ConfigFactory.empty()));
    Config scatter = resource(RESOURCE);
    Config cluster = resource(CLUSTER_RESOURCE);
    Config shipped = forCluster ? cluster.withFallback(scatter) : scatter;
    Config resolved;
    try {
      resolved = user.withFallback(shipped).withFallback(withPekko ? pekkoReference() : ConfigFactory.empty())
          .resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(describe(e), e);
    }
    // Only what the user set can be wrong: without it the values in force are the shipped ones, which
    // the tests check (26 ms of every fresh JVM's start, interpreted, for nothing to report).
    if (user.hasPathOrNull(SettingsCheck.ROOT)) {
      // Every key scatter ships is known, the cluster members' too: one user file serves `run` and `node`.
      Config known = cluster.withFallback(scatter).resolve();
      SettingsCheck.check(user, known, resolved);
    }
    return resolved;
  }

  /**
   * Where a value was set, for messages: "in /tmp/x.conf:3", "set with -D", "in scatter.conf:12".
   * Follows the key, as in "scatter.job.partitions in /tmp/x.conf:3 must be ...".
   */
  public static String where(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return "in " + origin.filename() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "");
    }
    if (origin.description().startsWith("system properties")) {
      return "set with -D";
    }
    if (origin.resource() != null) {
      return "in " + origin.resource() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "");
    }
    return "in " + origin.description();
  }

  /** Where {@code key}'s value in force was set. */
  public static String where(Config config, String key) {
    return where(config.getValue(key).origin());
  }

  /**
   * One line for a problem Typesafe Config found while reading a value: where it was set, then the
   * problem, without the exception's class. For what escapes {@link SettingsCheck}, such as an
   * {@code int} setting holding a number too large for one.
   */
  public static String describe(ConfigException e) {
    String message = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
      return "configuration " + where(e.origin()) + ": " + message;
    }
    return "configuration is invalid: " + message;
  }

  /** application.conf, or the file of -Dconfig.file, which Typesafe Config reports as a Java exception when missing. */
  private static Config application() {
    String file = System.getProperty("config.file");
    if (file != null && !Files.isRegularFile(Path.of(file))) {
      throw new IllegalArgumentException("-Dconfig.file=" + file + ": the file does not exist or is not a file");
    }
    try {
      return ConfigFactory.defaultApplication();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(describe(e), e);
    }
  }

  /**
   * A file shipped in the jar, parsed once per JVM: it cannot change while the JVM runs, and a command
   * loads its configuration twice (its log's folder, then the command's own; 30 ms of a fresh JVM each).
   */
  private static Config resource(String name) {
    return SHIPPED.computeIfAbsent(name,
        resource -> ConfigFactory.parseResources(resource, ConfigParseOptions.defaults().setAllowMissing(false)));
  }

  private static Config parseUserFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file " + file + " does not exist or is not a file");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("config file " + file + " is not valid HOCON: " + e.getMessage(), e);
    }
  }
}

package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the one configuration every scatter JVM uses, highest precedence first: system
 * properties ({@code -Dscatter.job.partitions=8}), {@code -Dconfig.file}, the user's
 * {@code --config FILE}, the {@code scatter.conf} shipped in the jar, then Pekko's references.
 * Command-line flags are applied on top by the commands that own them.
 */
public final class ScatterConfig {

  public static final String RESOURCE = "scatter.conf";
  /** Layered above scatter.conf for JVMs that join a cluster. */
  public static final String CLUSTER_RESOURCE = "cluster.conf";

  private ScatterConfig() {
  }

  public static Config load() {
    return load(Optional.empty());
  }

  /** @throws IllegalArgumentException naming the file when it is missing or not valid HOCON */
  public static Config load(Optional<Path> userFile) {
    return load(userFile, ConfigFactory.empty());
  }

  /** The configuration of a cluster member: {@code cluster.conf} over {@code scatter.conf}, under the user's own. */
  public static Config loadForCluster(Optional<Path> userFile) {
    return load(userFile, resource(CLUSTER_RESOURCE));
  }

  private static Config load(Optional<Path> userFile, Config layer) {
    ConfigFactory.invalidateCaches();
    Config user = userFile.map(ScatterConfig::parseUserFile).orElse(ConfigFactory.empty());
    Config config = ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(user)
        .withFallback(layer)
        .withFallback(resource(RESOURCE))
        .withFallback(ConfigFactory.defaultReference());
    try {
      return config.resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration is invalid: " + e.getMessage(), e);
    }
  }

  private static Config resource(String name) {
    return ConfigFactory.parseResources(name, ConfigParseOptions.defaults().setAllowMissing(false));
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

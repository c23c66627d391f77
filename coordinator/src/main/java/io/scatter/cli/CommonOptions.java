package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.ScatterConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command that runs something takes: where configuration comes from, and how loud to be. */
final class CommonOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON file overriding conf/scatter.conf (flags still win)")
  Path configFile;

  @Option(names = {"-v", "--verbose"}, description = "log scatter's and Pekko's progress to stderr")
  void verbose(boolean on) {
    if (on) {
      Verbosity.enable();
    }
  }

  /**
   * Whether the command reads Pekko's settings (it starts an actor system): if not, its configuration is
   * loaded without Pekko's references ({@link ScatterConfig#loadScatterOnly}).
   */
  private final boolean readsPekko;

  /** Loaded once per command: its log's folder and the command itself both read it (about 0.1 s each, fresh). */
  private Config loaded;
  /** The same for a cluster member's configuration, which a command may ask for several times. */
  private Config loadedForCluster;

  CommonOptions() {
    this(true);
  }

  private CommonOptions(boolean readsPekko) {
    this.readsPekko = readsPekko;
  }

  /** The options of a command that starts no actor system and reads only scatter's settings. */
  static CommonOptions scatterOnly() {
    return new CommonOptions(false);
  }

  Config config() {
    if (loaded == null) {
      loaded = load(false);
    }
    return loaded;
  }

  /** A cluster member's configuration ({@link ScatterConfig#loadForCluster}), with Pekko's references if the command reads them. */
  Config clusterConfig() {
    if (loadedForCluster == null) {
      loadedForCluster = load(true);
    }
    return loadedForCluster;
  }

  private Config load(boolean forCluster) {
    Optional<Path> file = Optional.ofNullable(configFile);
    if (!readsPekko) {
      return ScatterConfig.loadScatterOnly(file, forCluster);
    }
    return forCluster ? ScatterConfig.loadForCluster(file) : ScatterConfig.load(file);
  }
}

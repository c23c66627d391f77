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

  /** Loaded once per command: its log's folder and the command itself both read it (about 0.1 s each, fresh). */
  private Config loaded;

  Config config() {
    if (loaded == null) {
      loaded = ScatterConfig.load(Optional.ofNullable(configFile));
    }
    return loaded;
  }
}

package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.nio.file.Path;

/**
 * The {@code scatter.log} block, read once.
 *
 * @param dir where a command without {@code --verbose} writes what it logs, relative to the working directory
 */
record LogSettings(Path dir) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  static LogSettings from(Config config) {
    return new LogSettings(Path.of(SettingsReader.of(config, "scatter.log").text("dir")));
  }
}

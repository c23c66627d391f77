package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.time.Duration;

/**
 * The {@code scatter.execution} block, read once and checked. Its {@code workers} is read with its
 * flag ({@code --workers}), which a message then blames instead of the key when it was given.
 *
 * @param shutdownTimeout how long the in-process actor system gets to stop once its runs are done
 */
public record ExecutionSettings(Duration shutdownTimeout) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  public static ExecutionSettings from(Config config) {
    return new ExecutionSettings(SettingsReader.of(config, "scatter.execution").notNegative("shutdown-timeout"));
  }
}

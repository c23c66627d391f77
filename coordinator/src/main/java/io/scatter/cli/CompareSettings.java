package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;

/**
 * The {@code scatter.compare} block, read once and checked. {@code compare} reads it with its flag
 * instead ({@code --warmup}), so a message blames whichever the value came from.
 *
 * @param warmupRuns untimed runs of each mode before its timed one
 */
record CompareSettings(int warmupRuns) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  static CompareSettings from(Config config) {
    return new CompareSettings(SettingsReader.of(config, "scatter.compare")
        .read("warmup-runs", Config::getInt, runs -> runs >= 0, "be 0 or more"));
  }
}

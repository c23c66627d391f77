package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.time.Duration;

/**
 * The {@code scatter.api.client} block, read once and checked: the client's side of the job API
 * ({@code submit}, {@code jobs}, {@code cancel}).
 *
 * @param poll    how often {@code submit} refreshes its progress while it waits for the job's end
 * @param timeout connecting, and each request
 */
record ApiClientSettings(Duration poll, Duration timeout) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  static ApiClientSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.api.client");
    // Whole milliseconds: submit waits in them, and 0 would ask the coordinator without pause.
    return new ApiClientSettings(c.read("poll", Config::getDuration, d -> d.toMillis() >= 1, "be at least 1ms"),
        c.positive("timeout"));
  }
}

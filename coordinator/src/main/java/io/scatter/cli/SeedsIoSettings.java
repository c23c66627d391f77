package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.SettingsReader;
import java.time.Duration;

/**
 * The {@code scatter.fetch.seeds-io} block ({@code compare --preset seeds-io}), read once and checked.
 *
 * @param delay          how long the test server holds each request
 * @param sequentialUrls what the sequential row fetches, fewer than {@code urls}: all would take minutes
 * @param inFlight       requests in flight for the rows that overlap them
 * @param workers        worker actors the async and virtual rows split {@code inFlight} between
 * @param warmupRuns     untimed runs of each row but the sequential one, unless {@code --warmup} says otherwise
 */
record SeedsIoSettings(Duration delay, long urls, long sequentialUrls, int inFlight, int workers, int warmupRuns) {

  /** @throws IllegalArgumentException one line naming the key, where it was set and what it should hold */
  static SeedsIoSettings from(Config config) {
    SettingsReader c = SettingsReader.of(config, "scatter.fetch.seeds-io");
    return new SeedsIoSettings(c.notNegative("delay"), c.atLeast("urls", 1L), c.atLeast("sequential-urls", 1L),
        c.atLeast("in-flight", 1), c.atLeast("workers", 1), c.atLeast("warmup-runs", 0));
  }
}

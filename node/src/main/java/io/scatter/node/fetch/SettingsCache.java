package io.scatter.node.fetch;

import io.scatter.task.TaskParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed settings of the last few jobs. Every batch of a job comes with the same
 * {@link TaskParams}, and splitting ten thousand URLs out of one string for every batch would
 * be waste. Few entries: a JVM works on one job at a time, a few at most during a hand-over.
 */
final class SettingsCache {

  private final int capacity;
  private final Map<TaskParams, FetchSettings> entries;

  SettingsCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(capacity + 1, 1f, true);
  }

  /** Parses {@code params} or returns the settings parsed before; one instance is shared by every worker thread. */
  synchronized FetchSettings get(TaskParams params) {
    FetchSettings settings = entries.get(params);
    if (settings == null) {
      settings = FetchSettings.from(params);
      entries.put(params, settings);
      if (entries.size() > capacity) {
        entries.remove(entries.keySet().iterator().next());
      }
    }
    return settings;
  }
}

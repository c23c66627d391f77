package io.scatter.node.fetch;

import io.scatter.task.TaskParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fetch task parameters as the command line builds them, for tests. */
final class FetchParams {

  private FetchParams() {
  }

  static Map<String, String> raw(List<String> urls, IoStyle io) {
    Map<String, String> raw = new HashMap<>();
    raw.put(FetchSettings.URLS, String.join(FetchSettings.SEPARATOR, urls));
    raw.put(FetchSettings.IO, io.label());
    raw.put(FetchSettings.CONCURRENCY, "4");
    raw.put(FetchSettings.TIMEOUT_MS, "2000");
    raw.put(FetchSettings.MAX_BODY_BYTES, "1000");
    return raw;
  }

  static TaskParams of(Map<String, String> raw) {
    return TaskParams.validate(FetchTask.NAME, FetchSettings.SPECS, raw);
  }

  static TaskParams of(List<String> urls, IoStyle io) {
    return of(raw(urls, io));
  }
}

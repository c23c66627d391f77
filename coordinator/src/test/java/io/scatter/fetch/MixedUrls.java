package io.scatter.fetch;

import io.scatter.coordinator.Job;
import io.scatter.node.fetch.FetchResult;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.IoStyle;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A URL list with one of every outcome, against a test server, and what each URL must give.
 * Nothing leaves the machine: the unknown host is under {@code .invalid}, which never resolves.
 */
public final class MixedUrls {

  /** Shorter than the slow URL's delay, so that one times out; long enough for a loaded 2-core machine otherwise. */
  static final Duration TIMEOUT = Duration.ofMillis(2_000);
  static final int MAX_BODY = 50_000;

  private MixedUrls() {
  }

  /** URL to the outcome it must give, in list order. */
  public static Map<String, String> expected(String server) {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(server + "/status/200", "200");
    expected.put(server + "/status/404", "404");
    expected.put(server + "/status/500", "500");
    expected.put("http://127.0.0.1:" + refusedPort() + "/", "connection-refused");
    expected.put("http://exa mple.com/", "malformed-url");
    expected.put("http://nohost.invalid/", "unknown-host");
    expected.put(server + "/delay?ms=" + TIMEOUT.multipliedBy(3).toMillis(), "timeout");
    expected.put(server + "/drop", "connection-reset");
    expected.put(server + "/bytes?n=" + (MAX_BODY * 4), "body-too-large");
    expected.put(server + "/bytes?n=1000", "200");
    return expected;
  }

  /** The fetch job of {@code urls}, in batches of {@code batch}, as the command line would build it. */
  public static Job job(List<String> urls, IoStyle io, long batch) {
    Map<String, String> params = Map.of(
        FetchSettings.URLS, String.join(FetchSettings.SEPARATOR, urls),
        FetchSettings.IO, io.label(),
        FetchSettings.CONCURRENCY, "4",
        FetchSettings.TIMEOUT_MS, Long.toString(TIMEOUT.toMillis()),
        FetchSettings.MAX_BODY_BYTES, Integer.toString(MAX_BODY));
    return Job.prepare(new JobSpec(new TaskRef("fetch", params), Optional.empty(), new Split.BySize(batch), 3,
        Duration.ofSeconds(60)), TaskRegistry.load());
  }

  /** Each result's outcome, after checking it is the URL's own, in order. */
  @SuppressWarnings("unchecked")
  public static List<String> outcomes(Object value, List<String> urls) {
    List<FetchResult> results = (List<FetchResult>) value;
    for (int i = 0; i < results.size(); i++) {
      FetchResult result = results.get(i);
      if (result.index() != i || !result.url().equals(urls.get(i))) {
        throw new AssertionError("result " + i + " is for URL " + result.index() + " " + result.url());
      }
      if (!result.isResponse() && result.status() != 0 && !"body-too-large".equals(result.error())) {
        throw new AssertionError("no response, yet status " + result.status() + ": " + result);
      }
    }
    return results.stream().map(FetchResult::outcome).toList();
  }

  /** A loopback port nobody listens on: bound, then released. */
  private static int refusedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

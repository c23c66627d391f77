package io.scatter.cli;

import io.scatter.coordinator.ExecutionMode;
import io.scatter.node.ScatterConfig;
import io.scatter.node.WorkerSettings;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.IoStyle;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least wall time a fetch of the test server's {@code /delay?ms=} URLs can take: each request
 * lasts the delay and at most {@code inFlight} run at once, so N requests need N x delay / inFlight.
 * How close a run comes to it is what the I/O styles are compared on.
 */
record FetchLimit(long urls, Duration delay, int inFlight) {

  private static final Pattern DELAY_QUERY = Pattern.compile("ms=(\\d+)");

  double seconds() {
    return urls * (delay.toNanos() / 1e9) / inFlight;
  }

  /** The limit, when every URL is {@code /delay} with one and the same delay; empty otherwise. */
  static Optional<FetchLimit> of(FetchSettings settings, int inFlight) {
    return commonDelay(settings.urls()).map(delay -> new FetchLimit(settings.count(), delay, inFlight));
  }

  /**
   * Requests that can be in flight at once: a worker keeps {@link IoStyle#inFlightPerWorker} going,
   * and only as many workers as there are batches have any work.
   */
  static int inFlight(FetchSettings settings, long batch, long batches, int workers, ExecutionMode mode) {
    long busyWorkers = Math.min(workers, batches);
    long total = busyWorkers * settings.io().inFlightPerWorker(settings.concurrency(), batch, batchesAtOnce(mode));
    return (int) Math.max(1, Math.min(total, settings.count()));
  }

  /** Batches a worker runs at once in {@code mode}: the shipped {@code scatter.worker.overlap} for worker actors. */
  static int batchesAtOnce(ExecutionMode mode) {
    return mode.usesWorkerActors() ? ShippedOverlap.VALUE : 1;
  }

  /** Read once, on first use: the report describes the shipped configuration, not a user's override of it. */
  private static final class ShippedOverlap {
    static final int VALUE = WorkerSettings.from(ScatterConfig.load()).overlap();
  }

  static Optional<Duration> commonDelay(List<String> urls) {
    Duration common = null;
    for (String url : urls) {
      Optional<Duration> delay = delayOf(url);
      if (delay.isEmpty() || (common != null && !common.equals(delay.get()))) {
        return Optional.empty();
      }
      common = delay.get();
    }
    return Optional.ofNullable(common);
  }

  private static Optional<Duration> delayOf(String url) {
    try {
      URI uri = URI.create(url);
      if (!"/delay".equals(uri.getPath()) || uri.getRawQuery() == null) {
        return Optional.empty();
      }
      Matcher matcher = DELAY_QUERY.matcher(uri.getRawQuery());
      return matcher.matches() ? Optional.of(Duration.ofMillis(Long.parseLong(matcher.group(1)))) : Optional.empty();
    } catch (IllegalArgumentException e) { // a malformed URL, or a delay too long for a long
      return Optional.empty();
    }
  }
}

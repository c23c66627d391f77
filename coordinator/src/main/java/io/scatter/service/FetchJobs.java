package io.scatter.service;

import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A fetch job's part of {@link JobRequests}: the URLs and I/O fields become the fetch task's
 * parameters, batches its partitions, and, unless the request sets one, a lease no healthy batch outlasts.
 */
final class FetchJobs {

  /** Task parameters the fetch fields own: a request may not set them through {@code params}. */
  private static final List<String> OWNED = List.of(FetchSettings.URLS, FetchSettings.REPEAT, FetchSettings.IO,
      FetchSettings.CONCURRENCY, FetchSettings.TIMEOUT_MS, FetchSettings.MAX_BODY_BYTES, FetchSettings.KEEP_BODIES);

  /**
   * @param params      the fetch task's parameters
   * @param batch       URLs per partition
   * @param slowestBatch how long a healthy batch may take when every request in it times out
   */
  record Fetch(Map<String, String> params, long batch, Duration slowestBatch) { }

  private FetchJobs() {
  }

  static Fetch of(JobRequest request, JobDefaults defaults, Optional<UrlListLimit> oneMessage) {
    refuseRangeFields(request);
    List<String> urls = urls(request);
    String joined = String.join(FetchSettings.SEPARATOR, urls);
    oneMessage.ifPresent(limit -> limit.check(joined));
    IoStyle style = request.io() != null ? io(request.io()) : defaults.defaultIo();
    long perWorker = request.concurrency() != null
        ? Fields.atLeast("concurrency", request.concurrency(), 1) : defaults.concurrency();
    Duration perRequest = request.timeout() != null ? timeout(request.timeout()) : defaults.timeout();
    long maxBody = request.maxBody() != null ? Fields.positiveBytes("maxBody", request.maxBody())
        : defaults.maxBodyBytes();
    long batch = request.batch() != null ? Fields.atLeast("batch", request.batch(), 1) : defaults.batch();
    long repeat = request.repeat() != null ? Fields.atLeast("repeat", request.repeat(), 1) : 1L;
    refuseMoreUrlsThanHeld(urls.size(), repeat, defaults.maxUrls());
    Map<String, String> params = new LinkedHashMap<>(request.params());
    params.put(FetchSettings.URLS, joined);
    params.put(FetchSettings.REPEAT, Long.toString(repeat));
    params.put(FetchSettings.IO, style.label());
    params.put(FetchSettings.CONCURRENCY, Long.toString(perWorker));
    params.put(FetchSettings.TIMEOUT_MS, Long.toString(perRequest.toMillis()));
    params.put(FetchSettings.MAX_BODY_BYTES, Long.toString(maxBody));
    params.put(FetchSettings.KEEP_BODIES, request.keepBodies() == null ? "" : bodiesFolder(request.keepBodies()));
    // A healthy batch may take a timeout per round of requests in flight, and a worker actor may be
    // running scatter.worker.overlap batches ahead of it on the same lanes; a shorter lease would
    // have another worker fetch its URLs again. The configured lease stays on top, as the margin it was.
    int inFlight = style.inFlightPerWorker((int) perWorker, batch, 1);
    int batchesAhead = style.overlaps() ? defaults.workerOverlap() : 0;
    long rounds = (batch + inFlight - 1) / inFlight * (1 + batchesAhead);
    return new Fetch(params, batch, perRequest.multipliedBy(rounds));
  }

  /**
   * The plan of a fetch job is lazy (URL {@code i} is list entry {@code i % size}), but its answer
   * is not: one result per URL, held by the coordinator until the job is forgotten. So the count is
   * capped at submit, where the client hears why, not when the coordinator runs out of memory.
   */
  private static void refuseMoreUrlsThanHeld(int listed, long repeat, long max) {
    if (repeat > max / listed) { // listed * repeat > max, without overflowing
      String total = Math.multiplyHigh(listed, repeat) != 0 || listed * repeat < 0 ? "more than " + Long.MAX_VALUE
          : String.format(Locale.ROOT, "%,d", listed * repeat);
      boolean repeated = repeat > 1;
      String what = repeated
          ? String.format(Locale.ROOT, "{repeat} %,d times %,d %s", repeat, listed, listed == 1 ? "URL" : "URLs")
          : String.format(Locale.ROOT, "{urls}: %,d URLs", listed);
      throw new JobRequestException(repeated ? "repeat" : "urls", String.format(Locale.ROOT, "%s is %s fetches; a "
          + "fetch job's answer keeps a result per URL in the coordinator's memory, so a job may fetch at most %,d ("
          + JobDefaults.MAX_URLS + ")", what, total, max));
    }
  }

  /** A job that is not a fetch job sets none of the fetch fields. */
  static void refuseFetchFields(JobRequest request) {
    Map<String, Object> fetchFields = new LinkedHashMap<>();
    fetchFields.put("repeat", request.repeat());
    fetchFields.put("batch", request.batch());
    fetchFields.put("io", request.io());
    fetchFields.put("concurrency", request.concurrency());
    fetchFields.put("timeout", request.timeout());
    fetchFields.put("maxBody", request.maxBody());
    fetchFields.put("keepBodies", request.keepBodies());
    fetchFields.forEach((field, value) -> {
      if (value != null) {
        throw new JobRequestException(field, "{" + field + "} is for fetch jobs: give {urls}");
      }
    });
  }

  /** Fields of range jobs that mean nothing here, and task parameters the fetch fields own. */
  private static void refuseRangeFields(JobRequest request) {
    if (request.task() != null && !JobRequests.FETCH_TASK.equals(request.task())) {
      throw new JobRequestException("task", "{urls} run the fetch task; drop {task} " + request.task());
    }
    if (request.range() != null) {
      throw new JobRequestException("range", "fetch jobs take no {range}: the range is the URL list's indices");
    }
    String split = request.partitions() != null ? "partitions" : request.partitionSize() != null ? "partitionSize"
        : null;
    if (split != null) {
      throw new JobRequestException(split, "fetch jobs are cut into batches of URLs: use {batch}, not {" + split + "}");
    }
    for (String owned : OWNED) {
      if (request.params().containsKey(owned)) {
        throw new JobRequestException("params", "{params} " + owned + ": fetch jobs take it from the fetch options ("
            + "{urls}, {repeat}, {io}, {concurrency}, {timeout}, {maxBody})");
      }
    }
  }

  /** Stripped, none blank, none holding a line break (the list travels one URL per line). */
  private static List<String> urls(JobRequest request) {
    if (request.urls() == null || request.urls().isEmpty()) {
      throw new JobRequestException("urls", "task 'fetch' needs URLs: give {urls}");
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < request.urls().size(); i++) {
      String url = request.urls().get(i);
      if (url == null || url.isBlank()) {
        throw new JobRequestException("urls", "{urls}: URL " + (i + 1) + " is empty");
      }
      if (url.strip().contains("\n") || url.strip().contains("\r")) {
        throw new JobRequestException("urls", "{urls}: URL " + (i + 1) + " holds a line break");
      }
      urls.add(url.strip());
    }
    return urls;
  }

  private static IoStyle io(String text) {
    IoStyle style;
    try {
      style = IoStyle.parse(text);
    } catch (IllegalArgumentException e) {
      throw new JobRequestException("io", "{io}: " + e.getMessage());
    }
    if (style == IoStyle.VIRTUAL && !VirtualThreads.available()) {
      throw new JobRequestException("io", "{io} virtual " + VirtualThreads.requirement());
    }
    return style;
  }

  /** Whole milliseconds: the fetch task takes its timeout in them, and 0 would mean none at all. */
  private static Duration timeout(String text) {
    Duration timeout = Fields.positiveDuration("timeout", text);
    if (timeout.toMillis() < 1) {
      throw new JobRequestException("timeout", "{timeout} must be at least 1ms, got " + text);
    }
    return timeout;
  }

  private static String bodiesFolder(String folder) {
    try {
      return Files.createDirectories(Path.of(folder)).toAbsolutePath().toString();
    } catch (IOException | RuntimeException e) {
      throw new JobRequestException("keepBodies", "{keepBodies} " + folder + ": cannot create the folder ("
          + e.getMessage() + ")");
    }
  }
}

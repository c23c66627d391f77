package io.scatter.node.fetch;

import io.scatter.task.ParamSpec;
import io.scatter.task.TaskParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A fetch job's parameters, parsed: the URL list and how to fetch it. Built from the raw
 * {@link TaskParams} every JVM re-validates, once per job (see {@link SettingsCache}).
 *
 * @param urls         the distinct lines of the list, in order
 * @param repeat       how many times the list is fetched; URL {@code i} is {@code urls[i % urls.size()]}
 * @param concurrency  requests in flight per worker (async, virtual)
 * @param keepBodies   the folder bodies are written to as {@code <index>.body}; empty to drop them
 */
public record FetchSettings(List<String> urls, long repeat, IoStyle io, int concurrency, Duration timeout,
    long maxBodyBytes, Optional<Path> keepBodies) {

  public static final String URLS = "urls";
  public static final String REPEAT = "repeat";
  public static final String IO = "io";
  public static final String CONCURRENCY = "concurrency";
  public static final String TIMEOUT_MS = "timeout-ms";
  public static final String MAX_BODY_BYTES = "max-body-bytes";
  public static final String KEEP_BODIES = "keep-bodies";

  /** URLs travel joined by this, one per line. */
  public static final String SEPARATOR = "\n";

  /** What the task declares; the command line fills every one of them (from flags or conf/scatter.conf). */
  static final List<ParamSpec> SPECS = List.of(
      ParamSpec.required(URLS, ParamSpec.Type.STRING, "the URLs, one per line (--urls FILE / --url U)"),
      ParamSpec.optional(REPEAT, ParamSpec.Type.LONG, "1", "fetch the list this many times (--repeat)"),
      ParamSpec.required(IO, ParamSpec.Type.STRING, "blocking, async or virtual (--io)"),
      ParamSpec.required(CONCURRENCY, ParamSpec.Type.INT, "requests in flight per worker (--concurrency)"),
      ParamSpec.required(TIMEOUT_MS, ParamSpec.Type.LONG, "per request, until the headers (--timeout)"),
      ParamSpec.required(MAX_BODY_BYTES, ParamSpec.Type.LONG, "longer bodies are cut off (--max-body)"),
      ParamSpec.optional(KEEP_BODIES, ParamSpec.Type.STRING, "", "write bodies to this folder (--keep-bodies)"));

  public FetchSettings {
    urls = List.copyOf(urls);
  }

  /** @throws IllegalArgumentException naming the parameter that is wrong */
  public static FetchSettings from(TaskParams params) {
    List<String> urls = List.of(params.getString(URLS).split(SEPARATOR, -1));
    for (int i = 0; i < urls.size(); i++) {
      if (urls.get(i).isBlank()) {
        throw invalid(URLS, "line " + (i + 1) + " is blank; give one URL per line");
      }
    }
    long repeat = atLeastOne(REPEAT, params.getLong(REPEAT));
    try {
      Math.multiplyExact(urls.size(), repeat);
    } catch (ArithmeticException e) {
      throw invalid(REPEAT, urls.size() + " URLs x " + repeat + " is more than a job can hold");
    }
    IoStyle io;
    try {
      io = IoStyle.parse(params.getString(IO));
    } catch (IllegalArgumentException e) {
      throw invalid(IO, e.getMessage());
    }
    int concurrency = (int) atLeastOne(CONCURRENCY, params.getInt(CONCURRENCY));
    Duration timeout = Duration.ofMillis(atLeastOne(TIMEOUT_MS, params.getLong(TIMEOUT_MS)));
    long maxBody = atLeastOne(MAX_BODY_BYTES, params.getLong(MAX_BODY_BYTES));
    String keep = params.getString(KEEP_BODIES);
    return new FetchSettings(urls, repeat, io, concurrency, timeout, maxBody,
        keep.isBlank() ? Optional.empty() : Optional.of(Path.of(keep)));
  }

  /** The number of URLs to fetch: the job's range is {@code [0, count)}. */
  public long count() {
    return urls.size() * repeat;
  }

  public String url(long index) {
    return urls.get((int) (index % urls.size()));
  }

  /** Where the body of URL {@code index} is kept, or null when bodies are dropped. */
  Path bodyFile(long index) {
    return keepBodies.map(dir -> dir.resolve(index + ".body")).orElse(null);
  }

  private static long atLeastOne(String name, long value) {
    if (value < 1) {
      throw invalid(name, "must be at least 1, got " + value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String name, String problem) {
    return new IllegalArgumentException("parameter '" + name + "' of task '" + FetchTask.NAME + "': " + problem);
  }
}

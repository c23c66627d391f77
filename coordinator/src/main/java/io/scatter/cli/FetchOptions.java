package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.fetch.FetchSettings;
import io.scatter.node.fetch.FetchTask;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import io.scatter.protocol.wire.WireBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a fetch job, shared by {@code run} and {@code compare}: which URLs and how to
 * fetch them. Giving URLs selects the {@code fetch} task; the options become its parameters and
 * {@code --batch} its partition size. Unset options fall back to {@code scatter.fetch} in conf/.
 */
final class FetchOptions {

  private static final String MAX_URL_LIST_CLUSTER = "scatter.fetch.max-url-list-cluster";

  @Option(names = "--urls", paramLabel = "FILE",
      description = "fetch the URLs in FILE, one per line (# comments and blank lines are skipped)")
  Path urlsFile;

  @Option(names = "--url", paramLabel = "URL", description = "fetch this URL; repeatable, after those of --urls")
  List<String> urls = new ArrayList<>();

  @Option(names = "--repeat", paramLabel = "N", description = "fetch the list N times over (default 1)")
  Long repeat;

  @Option(names = "--batch", paramLabel = "N", description = "URLs per partition (default: ${bundle:scatter.fetch.batch})")
  Long batch;

  @Option(names = "--io", paramLabel = "STYLE",
      description = "blocking, async or virtual (Java 21+); compare takes a list, e.g. blocking,async "
          + "(default: ${bundle:scatter.fetch.io})")
  String io;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "requests in flight per worker, async and virtual; needs --batch N or more "
          + "(default: ${bundle:scatter.fetch.concurrency})")
  Integer concurrency;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "per request, to connect and receive the headers, e.g. 2s (default: ${bundle:scatter.fetch.timeout})")
  String timeout;

  @Option(names = "--max-body", paramLabel = "BYTES",
      description = "cut off longer bodies as body-too-large, e.g. 1MiB (default: ${bundle:scatter.fetch.max-body})")
  String maxBody;

  @Option(names = "--keep-bodies", paramLabel = "DIR", description = "write each body to DIR/<index>.body")
  Path keepBodies;

  /** The URL list, read once. */
  private List<String> list;
  /** The user's own --param values, kept on the first apply: the job's are replaced by the fetch parameters. */
  private Map<String, String> userParams;

  /**
   * A fetch job: URLs were given, or {@code --task fetch}.
   *
   * @throws UserInputException when fetch options are given for another job
   */
  boolean isFetchJob(JobOptions job) {
    boolean fetching = urlsFile != null || !urls.isEmpty() || FetchTask.NAME.equals(job.task);
    if (!fetching && (repeat != null || batch != null || io != null || concurrency != null || timeout != null
        || maxBody != null || keepBodies != null)) {
      throw new UserInputException("--repeat, --batch, --io, --concurrency, --timeout, --max-body and --keep-bodies "
          + "are for fetch jobs: give --urls FILE or --url URL");
    }
    return fetching;
  }

  /** The I/O styles asked for, in order; refuses {@code virtual} up front on a JVM without virtual threads. */
  List<IoStyle> ioStyles(Config config) {
    Setting<String> setting = Setting.flagOr("--io", io, config, "scatter.fetch.io", Config::getString);
    String text = setting.value();
    List<IoStyle> styles = new ArrayList<>();
    for (String part : text.split(",")) {
      IoStyle style = parseIo(setting.name(), part);
      if (styles.contains(style)) {
        throw new UserInputException("I/O style '" + style.label() + "' is listed twice in " + setting.name() + " "
            + text);
      }
      styles.add(style);
    }
    return styles;
  }

  /** The one I/O style {@code run} uses. */
  IoStyle singleIo(Config config) {
    List<IoStyle> styles = ioStyles(config);
    if (styles.size() > 1) {
      throw new UserInputException("run takes one --io style; compare runs several side by side");
    }
    return styles.get(0);
  }

  /** @param name what to blame: --io, or scatter.fetch.io and where it was set */
  private static IoStyle parseIo(String name, String text) {
    IoStyle style;
    try {
      style = IoStyle.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(name + ": " + e.getMessage());
    }
    if (style == IoStyle.VIRTUAL && !VirtualThreads.available()) {
      throw new UserInputException(name + " virtual " + VirtualThreads.requirement());
    }
    return style;
  }

  /**
   * Makes {@code job}, a fetch job ({@link #isFetchJob}), the one for {@code style}: the fetch task,
   * its parameters from these options, batches as partitions, and a lease no healthy batch outlasts.
   * May be called again for another style.
   *
   * @param cluster the configuration of the cluster member this JVM will be, when the job runs in
   *                cluster mode: there the URL list must fit one message
   */
  void applyTo(JobOptions job, Config config, IoStyle style, Optional<Config> cluster) {
    if (userParams == null) {
      refuseRangeOptions(job);
      userParams = Map.copyOf(job.params);
    }
    String joined = String.join(FetchSettings.SEPARATOR, urlList());
    if (cluster.isPresent()) {
      requireFitsOneMessage(joined, cluster.get());
    }
    Map<String, String> params = new LinkedHashMap<>(userParams);
    params.put(FetchSettings.URLS, joined);
    params.put(FetchSettings.REPEAT, Long.toString(Setting.flag("--repeat", repeat != null ? repeat : 1L).atLeast(1)));
    params.put(FetchSettings.IO, style.label());
    long perWorker = Setting.flagOr("--concurrency", concurrency, config, "scatter.fetch.concurrency", Config::getInt)
        .atLeast(1);
    params.put(FetchSettings.CONCURRENCY, Long.toString(perWorker));
    Duration perRequest = perRequestTimeout(config);
    params.put(FetchSettings.TIMEOUT_MS, Long.toString(perRequest.toMillis()));
    params.put(FetchSettings.MAX_BODY_BYTES, Long.toString(maxBody != null
        ? OptionValues.positiveBytes("--max-body", maxBody)
        : Setting.config(config, "scatter.fetch.max-body", Config::getBytes).atLeast(1)));
    params.put(FetchSettings.KEEP_BODIES, keepBodies == null ? "" : bodiesFolder().toString());
    job.task = FetchTask.NAME;
    job.params = params;
    long urlsPerBatch = Setting.flagOr("--batch", batch, config, "scatter.fetch.batch", Config::getLong).atLeast(1);
    job.split.partitionSize = urlsPerBatch;
    if (job.leaseTimeout == null) {
      // A healthy batch may take a timeout per round of requests in flight, and a worker actor may
      // be running scatter.worker.overlap batches ahead of it on the same lanes; a shorter lease would
      // have another worker fetch its URLs again. The configured lease stays on top, as the margin it was.
      int inFlight = style.inFlightPerWorker((int) perWorker, urlsPerBatch, 1);
      int batchesAhead = style.overlaps() ? config.getInt("scatter.worker.overlap") : 0;
      long rounds = (urlsPerBatch + inFlight - 1) / inFlight * (1 + batchesAhead);
      Duration slowest = perRequest.multipliedBy(rounds);
      job.derivedLease = job.configuredLease(config).plus(slowest);
    }
  }

  /** Whole milliseconds: the fetch task takes its timeout in them, and 0 would mean none at all. */
  private Duration perRequestTimeout(Config config) {
    Setting<Duration> perRequest = timeout != null
        ? new Setting<>(OptionValues.positiveDuration("--timeout", timeout), "--timeout", timeout)
        : Setting.config(config, "scatter.fetch.timeout", Config::getDuration);
    return perRequest.require(d -> d.toMillis() >= 1, "at least 1ms");
  }

  /** Options of range jobs that mean nothing here, and task parameters the fetch options own. */
  private static void refuseRangeOptions(JobOptions job) {
    if (job.task != null && !FetchTask.NAME.equals(job.task)) {
      throw new UserInputException("--urls/--url run the fetch task; drop --task " + job.task);
    }
    if (job.range != null) {
      throw new UserInputException("fetch jobs take no --range: the range is the URL list's indices");
    }
    if (job.split.partitions != null || job.split.partitionSize != null) {
      throw new UserInputException("fetch jobs are cut into batches of URLs: use --batch, not --partitions");
    }
    for (String owned : List.of(FetchSettings.URLS, FetchSettings.REPEAT, FetchSettings.IO, FetchSettings.CONCURRENCY,
        FetchSettings.TIMEOUT_MS, FetchSettings.MAX_BODY_BYTES, FetchSettings.KEEP_BODIES)) {
      if (job.params.containsKey(owned)) {
        throw new UserInputException("--param " + owned + ": fetch jobs take it from the fetch options (see --help)");
      }
    }
  }

  /** The URLs of --urls then --url, read and checked once. */
  List<String> urlList() {
    if (list == null) {
      List<String> all = new ArrayList<>();
      if (urlsFile != null) {
        all.addAll(readUrlFile(urlsFile));
      }
      for (String url : urls) {
        if (url.isBlank()) {
          throw new UserInputException("--url is empty");
        }
        all.add(url.strip());
      }
      if (all.isEmpty()) {
        throw new UserInputException("task 'fetch' needs URLs: give --urls FILE or --url URL");
      }
      list = List.copyOf(all);
    }
    return list;
  }

  private static List<String> readUrlFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserInputException("--urls " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UserInputException("--urls " + file + ": permission denied");
    } catch (IOException e) {
      throw new UserInputException("--urls " + file + ": cannot read it ("
          + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()) + ")");
    }
    List<String> found = lines.stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
    if (found.isEmpty()) {
      throw new UserInputException("--urls " + file + " has no URLs (only blank lines and # comments)");
    }
    return found;
  }

  /**
   * Refuses a list longer than {@code scatter.fetch.max-url-list-cluster}, and that setting itself
   * when it is more than a frame carries: a list that passed it and not the frame would be dropped
   * on the wire (the coordinator then fails the job, but only once it has joined the cluster).
   */
  private static void requireFitsOneMessage(String joined, Config config) {
    long max = config.getBytes(MAX_URL_LIST_CLUSTER);
    long frame = config.getBytes(WireBudget.MAX_FRAME_PATH);
    long payload = WireBudget.payloadBytes(config);
    if (max > payload) {
      throw new UserInputException(String.format(Locale.ROOT, "%s = %,d bytes is more than one cluster message "
          + "carries: %s = %,d bytes, less %,d for the envelope, leaves %,d; lower the first or raise the second "
          + "(on every node)", MAX_URL_LIST_CLUSTER, max, WireBudget.MAX_FRAME_PATH, frame,
          WireBudget.ENVELOPE_RESERVE_BYTES, payload));
    }
    long size = joined.getBytes(StandardCharsets.UTF_8).length;
    if (size > max) {
      throw new UserInputException(String.format("the URL list is %,d bytes; cluster mode sends it to every worker in "
          + "one message of at most %,d bytes (" + MAX_URL_LIST_CLUSTER + "): split the list or use --repeat",
          size, max));
    }
  }

  private Path bodiesFolder() {
    try {
      return Files.createDirectories(keepBodies).toAbsolutePath();
    } catch (IOException e) {
      throw new UserInputException("--keep-bodies " + keepBodies + ": cannot create the folder ("
          + e.getMessage() + ")");
    }
  }
}

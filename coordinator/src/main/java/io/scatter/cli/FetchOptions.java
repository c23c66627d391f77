package io.scatter.cli;

import io.scatter.node.fetch.FetchTask;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a fetch job, shared by {@code run} and {@code compare}: which URLs and how to
 * fetch them. Giving URLs selects the {@code fetch} task. The options become fields of a
 * {@link JobRequest}, which {@link io.scatter.service.JobRequests} turns into the fetch task's
 * parameters and batches, as for a job sent to the HTTP API; unset options fall back to
 * {@code scatter.fetch} in conf/.
 */
final class FetchOptions {

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

  /**
   * A fetch job: URLs were given, or {@code --task fetch}. Asked before the request is built, so
   * the refusal can list the flags; {@link io.scatter.service.JobRequests} refuses the same for the API.
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

  /**
   * The I/O styles asked for, in order, else the configured ones; refuses {@code virtual} up front
   * on a JVM without virtual threads.
   */
  List<IoStyle> ioStyles(JobDefaults defaults) {
    if (io == null) {
      return defaults.io();
    }
    List<IoStyle> styles = new ArrayList<>();
    for (String part : io.split(",")) {
      IoStyle style = parseIo(part);
      if (styles.contains(style)) {
        throw new UserInputException("I/O style '" + style.label() + "' is listed twice in --io " + io);
      }
      styles.add(style);
    }
    return styles;
  }

  /** The one I/O style {@code run} uses. */
  IoStyle singleIo(JobDefaults defaults) {
    List<IoStyle> styles = ioStyles(defaults);
    if (styles.size() > 1) {
      throw new UserInputException("run takes one --io style; compare runs several side by side");
    }
    return styles.get(0);
  }

  private static IoStyle parseIo(String text) {
    IoStyle style;
    try {
      style = IoStyle.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--io: " + e.getMessage());
    }
    if (style == IoStyle.VIRTUAL && !VirtualThreads.available()) {
      throw new UserInputException("--io virtual " + VirtualThreads.requirement());
    }
    return style;
  }

  /**
   * {@code request}, a fetch job ({@link #isFetchJob}), with these options: the URL list read from
   * --urls and --url, and the I/O options as given. Unset ones stay unset, for the defaults in conf/.
   * The I/O style is {@link #withStyle}'s, since {@code compare} prepares one job per style.
   */
  JobRequest addTo(JobRequest.Builder request) {
    return request.urls(urlList()).repeat(repeat).batch(batch).concurrency(concurrency).timeout(timeout)
        .maxBody(maxBody).keepBodies(keepBodies == null ? null : keepBodies.toString()).build();
  }

  /** The same fetch job with another I/O style. */
  static JobRequest withStyle(JobRequest request, IoStyle style) {
    return request.toBuilder().io(style.label()).build();
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
}

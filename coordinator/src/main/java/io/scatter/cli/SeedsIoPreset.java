package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.node.fetch.IoStyle;
import io.scatter.node.fetch.VirtualThreads;
import io.scatter.testserver.TestServer;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code compare --preset seeds-io}: the seed notes' I/O experiment, on loopback against the
 * built-in test server started in this JVM on a free port. The same {@code /delay} URL fetched
 * one at a time, by a pool of blocking threads, with {@code sendAsync} and, on Java 21+, with
 * virtual threads, the last three with the same number of requests in flight. Settings are in
 * {@code scatter.fetch.seeds-io}.
 */
final class SeedsIoPreset {

  static final String NAME = "seeds-io";

  /** One row of the experiment. */
  private record Row(IoStyle io, ExecutionMode mode, int workers, int concurrency, long urls, long batch,
      int warmupRuns) { }

  private final Config config;
  private final JobRequests requests;
  private final Progress progress;
  private final int warmupRuns;

  SeedsIoPreset(Config config, JobRequests requests, Progress progress, int warmupRuns) {
    this.config = config;
    this.requests = requests;
    this.progress = progress;
    this.warmupRuns = warmupRuns;
  }

  /** JSON of the preset: the server's URL and one row per I/O style. */
  record IoPresetReport(String preset, String url, List<FetchRow> runs, boolean allOk) { }

  /** Runs the experiment and prints its table; the report says whether every URL of every row answered 200. */
  IoPresetReport run(PrintWriter out) {
    SeedsIoSettings preset = SeedsIoSettings.from(config);
    Duration delay = preset.delay();
    long urls = preset.urls();
    long sequentialUrls = preset.sequentialUrls();
    int inFlight = preset.inFlight();
    int workers = preset.workers();
    try (TestServer server = TestServer.start("127.0.0.1", 0, config)) {
      String url = server.url() + "/delay?ms=" + delay.toMillis();
      out.printf(Locale.ROOT, "the seed notes' I/O experiment on loopback: GET %s from the built-in test server%n",
          url);
      List<FetchRow> rows = new ArrayList<>();
      for (Row row : rows(urls, sequentialUrls, inFlight, workers, out)) {
        rows.add(run(row, url));
      }
      FetchReport.printTable(out, rows);
      printNotes(out, rows, urls, delay);
      boolean allOk = rows.stream().allMatch(r -> r.error() == null && r.ok() == r.urls());
      return new IoPresetReport(NAME, url, rows, allOk);
    } catch (BindException e) {
      throw new IllegalStateException("cannot start the test server: " + e.getMessage(), e);
    }
  }

  /** Sequential fetches fewer URLs (all would take minutes); the others keep {@code inFlight} requests going. */
  private List<Row> rows(long urls, long sequentialUrls, int inFlight, int workers, PrintWriter out) {
    int perWorker = Math.max(1, inFlight / workers);
    // Two batches per worker, and never fewer URLs in a batch than a worker keeps in flight.
    long batch = Math.max(perWorker, (urls + 2L * workers - 1) / (2L * workers));
    List<Row> rows = new ArrayList<>(List.of(
        // Sequential's cost is all waiting, which warming up does not change: no untimed run.
        new Row(IoStyle.BLOCKING, ExecutionMode.SEQUENTIAL, 1, 1, sequentialUrls, sequentialUrls, 0),
        // A pool thread per request in flight, each taking one URL at a time, like ThreadPoolExecutor.map.
        new Row(IoStyle.BLOCKING, ExecutionMode.THREADS, inFlight, 1, urls, 1, warmupRuns),
        new Row(IoStyle.ASYNC, ExecutionMode.ACTORS, workers, perWorker, urls, batch, warmupRuns)));
    if (VirtualThreads.available()) {
      rows.add(new Row(IoStyle.VIRTUAL, ExecutionMode.ACTORS, workers, perWorker, urls, batch, warmupRuns));
    } else {
      out.println("virtual threads: skipped, " + VirtualThreads.requirement());
    }
    return rows;
  }

  private FetchRow run(Row row, String url) {
    JobRequest request = JobRequest.builder().urls(List.of(url)).repeat(row.urls()).batch(row.batch())
        .concurrency(row.concurrency()).io(row.io().label()).build();
    Job prepared = RequestFlags.prepare(requests, request, Optional.empty());
    // No cluster row: the experiment is about one machine's I/O styles.
    Comparison comparison = new Comparison(config, requests.registry(), row.workers(), progress, row.warmupRuns(), null);
    return FetchComparison.row(prepared, comparison.runEach(prepared, List.of(row.mode())).get(0));
  }

  private static void printNotes(PrintWriter out, List<FetchRow> rows, long urls, Duration delay) {
    out.println("limit = URLs x delay / requests in flight: the wall time if the delay were the only cost.");
    out.println("The server runs in this JVM and shares its cores; deploy/fetch-bench runs it in a JVM of its own.");
    FetchRow sequential = rows.get(0);
    if (sequential.error() == null && sequential.urls() < urls) {
      out.printf(Locale.ROOT, "sequential fetched %,d URLs, not %,d: one at a time, %,d x %d ms is %.0f s; at its "
              + "measured %.1f requests/s the %,d would take about %.0f s.%n", sequential.urls(), urls, urls,
          delay.toMillis(), urls * delay.toMillis() / 1e3, sequential.requestsPerSecond(), urls,
          urls / sequential.requestsPerSecond());
    }
  }
}

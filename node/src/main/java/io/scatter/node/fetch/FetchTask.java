package io.scatter.node.fetch;

import io.scatter.protocol.LongRange;
import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * HTTP GETs of a URL list, as a range task over URL indices: the job's range is {@code [0, N)},
 * a partition is a batch of indices, and a batch's result is one {@link FetchResult} per URL in
 * index order. {@code combine} concatenates, so the coordinator's in-order aggregation yields the
 * whole list in order, and work pulling, leases, retries and exactly-once aggregation apply
 * unchanged in every mode. Each worker fetches with its own client ({@link WorkerClients}).
 */
public final class FetchTask implements RangeTask<List<FetchResult>> {

  public static final String NAME = "fetch";

  /** Jobs whose parsed URL lists are kept; a JVM works on one job at a time, a few during a hand-over. */
  private static final int CACHED_JOBS = 4;

  private final SettingsCache settings = new SettingsCache(CACHED_JOBS);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "HTTP GET each URL of a list and report status, bytes and latency per URL (use --urls FILE or --url U)";
  }

  @Override
  public List<ParamSpec> params() {
    return FetchSettings.SPECS;
  }

  @Override
  public Optional<LongRange> defaultRange(TaskParams params) {
    return Optional.of(new LongRange(0, settings.get(params).count()));
  }

  @Override
  public void validate(TaskParams params, LongRange range) {
    FetchSettings parsed = settings.get(params);
    if (range.from() < 0 || range.to() > parsed.count()) {
      throw new IllegalArgumentException("task 'fetch' has " + parsed.count() + " URLs; the range " + range
          + " must lie within [0, " + parsed.count() + ")");
    }
    if (parsed.io() == IoStyle.VIRTUAL && !VirtualThreads.available()) {
      throw new IllegalArgumentException("io=virtual " + VirtualThreads.requirement());
    }
    Optional<Path> keep = parsed.keepBodies();
    if (keep.isPresent() && !(Files.isDirectory(keep.get()) && Files.isWritable(keep.get()))) {
      throw new IllegalArgumentException("keep-bodies folder " + keep.get() + " is not a writable directory");
    }
  }

  @Override
  public List<FetchResult> identity() {
    return List.of();
  }

  @Override
  public List<FetchResult> compute(TaskParams params, long from, long to) {
    return Lanes.await(computeAsync(params, from, to), from, to);
  }

  /** Async and virtual batches wait on the network, not on this thread: a worker may run two at once. */
  @Override
  public boolean overlaps(TaskParams params) {
    return settings.get(params).io().overlaps();
  }

  @Override
  public CompletionStage<List<FetchResult>> computeAsync(TaskParams params, long from, long to) {
    FetchSettings parsed = settings.get(params);
    Fetcher fetcher = new Fetcher(parsed, WorkerClients.current());
    return switch (parsed.io()) {
      case BLOCKING -> CompletableFuture.completedFuture(blocking(fetcher, from, to));
      case ASYNC -> Lanes.current(parsed.concurrency()).submit(from, to, fetcher::fetchAsync);
      case VIRTUAL -> virtual(fetcher, from, to, parsed.concurrency());
    };
  }

  /** One request after another on this (the worker's) thread. */
  private static List<FetchResult> blocking(Fetcher fetcher, long from, long to) {
    List<FetchResult> results = new ArrayList<>(Math.toIntExact(to - from));
    for (long i = from; i < to; i++) {
      results.add(fetcher.fetch(i));
      failIfInterrupted();
    }
    return results;
  }

  /** A virtual thread per request, each a blocking send; the same lanes bound how many run at once. */
  private static CompletableFuture<List<FetchResult>> virtual(Fetcher fetcher, long from, long to, int concurrency) {
    ExecutorService threads = VirtualThreads.newPerTaskExecutor();
    CompletableFuture<List<FetchResult>> batch = Lanes.current(concurrency)
        .submit(from, to, i -> CompletableFuture.supplyAsync(() -> fetcher.fetch(i), threads));
    batch.whenComplete((results, failure) -> threads.shutdown());
    return batch;
  }

  /** A worker interrupted mid-batch is being torn down with its job: stop rather than fail every URL left. */
  private static void failIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("interrupted while fetching a batch");
    }
  }

  @Override
  public List<FetchResult> combine(List<FetchResult> left, List<FetchResult> right) {
    if (left.isEmpty()) {
      return right;
    }
    if (right.isEmpty()) {
      return left;
    }
    List<FetchResult> both = new ArrayList<>(left.size() + right.size());
    both.addAll(left);
    both.addAll(right);
    return both;
  }

  /** "10,000 URLs: 200 x9,998, 404 x1, timeout x1". */
  @Override
  public String render(List<FetchResult> results) {
    return String.format(Locale.ROOT, "%,d URLs: %s", results.size(), FetchTally.of(results).describe());
  }

  @Override
  public List<Class<?>> resultTypes() {
    return List.of(FetchResult.class);
  }
}

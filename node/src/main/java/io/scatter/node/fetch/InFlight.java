package io.scatter.node.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Runs the requests of a batch with at most {@code limit} unfinished at any moment, the way an
 * asyncio loop does: each request that finishes starts the next one on the thread it finished on,
 * so the worker's thread starts the first {@code limit} requests and then sleeps until the batch
 * is done, instead of waking for every response (measured: a wake-up per request was about a
 * tenth of the client's CPU).
 */
final class InFlight {

  private final long from;
  private final long to;
  private final LongFunction<CompletableFuture<FetchResult>> start;
  private final FetchResult[] results;
  private final CompletableFuture<?>[] started;
  private final AtomicLong next;
  private final AtomicInteger unfinished;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private InFlight(long from, long to, LongFunction<CompletableFuture<FetchResult>> start) {
    this.from = from;
    this.to = to;
    this.start = start;
    int count = Math.toIntExact(to - from);
    this.results = new FetchResult[count];
    this.started = new CompletableFuture<?>[count];
    this.next = new AtomicLong(from);
    this.unfinished = new AtomicInteger(count);
  }

  /**
   * Fetches URLs {@code [from, to)} and returns their results in index order.
   *
   * @param start begins one request; its future always completes normally (see {@link Fetcher})
   */
  static List<FetchResult> run(long from, long to, int limit, LongFunction<CompletableFuture<FetchResult>> start) {
    InFlight batch = new InFlight(from, to, start);
    if (from == to) {
      return List.of();
    }
    long lanes = Math.min(limit, to - from);
    for (long lane = 0; lane < lanes; lane++) {
      batch.startNext();
    }
    return batch.await();
  }

  /**
   * Starts requests until one is still running: a request that finished at once (a malformed URL)
   * is recorded here and the next one started in this loop, not from its callback, so a long run of
   * bad URLs cannot nest callbacks until the stack overflows.
   */
  private void startNext() {
    long index;
    while ((index = next.getAndIncrement()) < to) {
      CompletableFuture<FetchResult> request = start.apply(index);
      started[slot(index)] = request;
      if (!request.isDone()) {
        long mine = index;
        request.whenComplete((result, failure) -> {
          if (finish(mine, result, failure)) {
            startNext();
          }
        });
        return;
      }
      if (!finish(index, request.getNow(null), null)) {
        return;
      }
    }
  }

  /** Records one result; false once the batch is done (or failed) and nothing more should start. */
  private boolean finish(long index, FetchResult result, Throwable failure) {
    if (failure != null) {
      done.completeExceptionally(failure);
      return false;
    }
    results[slot(index)] = Objects.requireNonNull(result, "a request finished without a result");
    if (unfinished.decrementAndGet() == 0) {
      done.complete(null);
      return false;
    }
    return !done.isDone();
  }

  private int slot(long index) {
    return (int) (index - from);
  }

  private List<FetchResult> await() {
    try {
      done.get();
      // An ArrayList, as every batch result is: the wire registry knows that list class.
      return new ArrayList<>(Arrays.asList(results));
    } catch (InterruptedException e) {
      next.set(to);
      for (CompletableFuture<?> request : started) {
        if (request != null) {
          request.cancel(true);
        }
      }
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching URLs " + from + ".." + (to - 1));
    } catch (ExecutionException e) {
      throw new IllegalStateException("a request ended with an exception: " + e.getCause(), e.getCause());
    }
  }
}

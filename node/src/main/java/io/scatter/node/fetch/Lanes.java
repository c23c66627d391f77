package io.scatter.node.fetch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;

/**
 * A worker's requests in flight, the way an asyncio loop runs them: at most {@code limit} at once
 * across every batch the worker has started, each request that finishes starting the next one on
 * the thread it finished on. Batches are served in the order they came, so when one batch has
 * nothing left to start its lanes go to the next batch instead of idling until its slowest
 * request is back, and the worker's own thread never waits for a lane (measured before this:
 * a wake-up of the worker per request was about a tenth of the client's CPU).
 */
final class Lanes {

  /** One worker's lanes: workers are threads (a pinned actor thread, or a pool thread), so one per thread. */
  private static final ThreadLocal<Lanes> CURRENT = new ThreadLocal<>();

  private final int limit;
  /** Guarded by this, as is {@link #waiting}. */
  private int busy;
  /** Batches with requests not yet started, oldest first. */
  private final ArrayDeque<Batch> waiting = new ArrayDeque<>();

  private Lanes(int limit) {
    this.limit = limit;
  }

  /** This worker's lanes, {@code limit} of them; a job with another limit gets new ones. */
  static Lanes current(int limit) {
    Lanes lanes = CURRENT.get();
    if (lanes == null || lanes.limit != limit) {
      lanes = new Lanes(limit);
      CURRENT.set(lanes);
    }
    return lanes;
  }

  /**
   * Fetches URLs {@code [from, to)} as lanes come free; the stage completes with their results in
   * index order. Cancelling it starts no more of its requests.
   *
   * @param start begins one request; its future always completes normally (see {@link Fetcher})
   */
  CompletableFuture<List<FetchResult>> submit(long from, long to, LongFunction<CompletableFuture<FetchResult>> start) {
    Batch batch = new Batch(from, to, start);
    if (from == to) {
      batch.done.complete(List.of());
      return batch.done;
    }
    synchronized (this) {
      waiting.add(batch);
    }
    pump();
    return batch.done;
  }

  /** Waits for a batch on this thread; an interrupt cancels what has not started yet. */
  static List<FetchResult> await(CompletionStage<List<FetchResult>> batch, long from, long to) {
    CompletableFuture<List<FetchResult>> future = batch.toCompletableFuture();
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching URLs " + from + ".." + (to - 1));
    } catch (ExecutionException e) {
      throw new IllegalStateException("a request ended with an exception: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Starts requests while a lane is free and a batch waits. A request that finished at once (a
   * malformed URL) is recorded here and the loop goes on, rather than from its callback, so a long
   * run of bad URLs cannot nest callbacks until the stack overflows.
   */
  private void pump() {
    while (true) {
      Batch batch;
      long index;
      synchronized (this) {
        batch = waiting.peek();
        while (batch != null && batch.done.isDone()) {
          waiting.poll();
          batch = waiting.peek();
        }
        if (batch == null || busy >= limit) {
          return;
        }
        index = batch.next++;
        if (batch.next == batch.to) {
          waiting.poll();
        }
        busy++;
      }
      CompletableFuture<FetchResult> request = batch.start.apply(index);
      if (!request.isDone()) {
        Batch owner = batch;
        long mine = index;
        request.whenComplete((result, failure) -> {
          finish(owner, mine, result, failure);
          pump();
        });
        continue;
      }
      finish(batch, index, request.getNow(null), null);
    }
  }

  private void finish(Batch batch, long index, FetchResult result, Throwable failure) {
    synchronized (this) {
      busy--;
    }
    batch.record(index, result, failure);
  }

  /** One batch's progress; its results array is written by whichever threads finish its requests. */
  private static final class Batch {
    final long from;
    final long to;
    final LongFunction<CompletableFuture<FetchResult>> start;
    final FetchResult[] results;
    final CompletableFuture<List<FetchResult>> done = new CompletableFuture<>();
    /** Guarded by the owning {@link Lanes}. */
    long next;
    private int unfinished;

    Batch(long from, long to, LongFunction<CompletableFuture<FetchResult>> start) {
      this.from = from;
      this.to = to;
      this.start = start;
      this.results = new FetchResult[Math.toIntExact(to - from)];
      this.next = from;
      this.unfinished = results.length;
    }

    void record(long index, FetchResult result, Throwable failure) {
      if (failure != null || result == null) {
        done.completeExceptionally(failure != null ? failure : new IllegalStateException("a request finished without a result"));
        return;
      }
      boolean last;
      synchronized (this) {
        results[(int) (index - from)] = result;
        last = --unfinished == 0;
      }
      if (last) {
        // An ArrayList, as every batch result is: the wire registry knows that list class.
        done.complete(new ArrayList<>(Arrays.asList(results)));
      }
    }
  }
}

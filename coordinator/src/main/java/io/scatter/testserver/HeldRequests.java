package io.scatter.testserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests behind {@code /hold}: each waits, on no thread, until {@code /release} answers every
 * one held at that moment. Unlike {@code /delay} nothing here depends on the clock, so a test can
 * see that N requests are waiting at once (by {@code /held}) before any is answered.
 */
final class HeldRequests {

  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger held = new AtomicInteger();

  /** Completes when {@link #release()} is next called. */
  CompletionStage<Void> hold() {
    CompletableFuture<Void> released = new CompletableFuture<>();
    held.incrementAndGet();
    waiting.add(released);
    return released;
  }

  /** Requests held now, answered or not by their clients' patience (a client that gave up still counts). */
  int held() {
    return held.get();
  }

  /** Answers every request held so far; returns how many. */
  int release() {
    int released = 0;
    for (CompletableFuture<Void> next; (next = waiting.poll()) != null; ) {
      held.decrementAndGet();
      next.complete(null);
      released++;
    }
    return released;
  }
}

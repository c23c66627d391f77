package io.scatter.node.fetch;

import io.scatter.node.util.EnumLabels;

/** How a worker performs a batch's requests. */
public enum IoStyle {
  /** {@code HttpClient.send} on the worker's own thread, one request after another. */
  BLOCKING,
  /** {@code HttpClient.sendAsync}, a bounded number in flight: the asyncio/aiohttp analogue. */
  ASYNC,
  /** A blocking {@code send} on a virtual thread per request, a bounded number at once (Java 21+). */
  VIRTUAL;

  public String label() {
    return EnumLabels.label(this);
  }

  /** @throws IllegalArgumentException listing the styles */
  public static IoStyle parse(String text) {
    return EnumLabels.parse(IoStyle.class, text, "I/O style");
  }

  public static String labels() {
    return EnumLabels.labels(IoStyle.class);
  }

  /** Whether a batch of this style waits on the network, not on its thread, so a worker actor may run several at once. */
  public boolean overlaps() {
    return this != BLOCKING;
  }

  /**
   * The requests one worker keeps in flight: one when blocking, else the concurrency but never more
   * than the URLs of the batches it runs at once ({@code scatter.worker.overlap} for a worker actor,
   * one for a thread).
   */
  public int inFlightPerWorker(int concurrency, long batch, int batchesAtOnce) {
    return this == BLOCKING ? 1 : (int) Math.min(concurrency, batch * batchesAtOnce);
  }
}

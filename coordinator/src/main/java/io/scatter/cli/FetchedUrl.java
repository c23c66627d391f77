package io.scatter.cli;

import io.scatter.node.fetch.FetchResult;

/**
 * One URL's outcome as the JSON report holds it, so a script can find which URL failed and how.
 *
 * @param index         the URL's position in the job's list (after repeats), from 0
 * @param status        the HTTP status; null when no response arrived
 * @param error         null for a whole response; otherwise the error kind, such as {@code timeout}
 * @param latencyMillis from sending the request to the end of the body, or to the failure
 * @param bytes         body bytes received
 */
record FetchedUrl(long index, String url, Integer status, String error, double latencyMillis, long bytes) {

  private static final double MICROS_PER_MILLI = 1e3;

  static FetchedUrl of(FetchResult result) {
    return new FetchedUrl(result.index(), result.url(), result.status() == 0 ? null : result.status(),
        result.error(), result.latencyMicros() / MICROS_PER_MILLI, result.bytes());
  }
}

package io.scatter.node.fetch;

/**
 * What fetching one URL of a job gave: a small record that crosses the wire instead of the body.
 *
 * @param index         the URL's position in the job's list (after repeats)
 * @param status        the HTTP status; 0 when no response arrived
 * @param bytes         body bytes received (up to the cap)
 * @param latencyMicros from sending the request to the end of the body, or to the failure
 * @param error         null for a response; otherwise a {@link FetchError} label such as {@code timeout}
 */
public record FetchResult(long index, String url, int status, long bytes, long latencyMicros, String error) {

  public static FetchResult response(long index, String url, int status, long bytes, long latencyMicros) {
    return new FetchResult(index, url, status, bytes, latencyMicros, null);
  }

  public static FetchResult failed(long index, String url, int status, long bytes, long latencyMicros,
      FetchError error) {
    return new FetchResult(index, url, status, bytes, latencyMicros, error.label());
  }

  /** True when a response arrived whole, whatever its status. */
  public boolean isResponse() {
    return error == null;
  }

  /**
   * The part of the result every run of the same URL list must agree on: the status for a
   * response, the error kind otherwise. Latencies and byte counts are left out (a cut-off body
   * stops at whatever chunk crossed the cap).
   */
  public String outcome() {
    return error != null ? error : Integer.toString(status);
  }
}

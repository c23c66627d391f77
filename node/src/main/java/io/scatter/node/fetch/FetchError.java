package io.scatter.node.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** Why a URL gave no (whole) response. The labels are what reports and JSON show. */
public enum FetchError {
  /** Not an http(s) URL the client accepts: bad syntax, another scheme, no host, a port out of range. */
  MALFORMED_URL,
  /** The name did not resolve. */
  UNKNOWN_HOST,
  /** Nobody accepted the connection. */
  CONNECTION_REFUSED,
  /** Connecting or waiting for the response headers took longer than the timeout. */
  TIMEOUT,
  /** The peer closed or reset the connection before a whole response. */
  CONNECTION_RESET,
  /** The body went past the cap; the connection was closed there. */
  BODY_TOO_LARGE,
  /** The body arrived but could not be written under --keep-bodies. */
  BODY_WRITE_FAILED,
  /** The worker was interrupted while waiting (the job was being torn down). */
  INTERRUPTED,
  /** Any other I/O failure. */
  IO_ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The kind of a failed request, from the exception the HTTP client gave. The JDK wraps causes
   * (an unknown host is a {@code ConnectException} caused by {@code UnresolvedAddressException}),
   * so the specific kinds are looked for along the whole cause chain before the general ones.
   */
  public static FetchError classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      FetchError specific = specific(t);
      if (specific != null) {
        return specific;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return CONNECTION_REFUSED;
      }
      if (isReset(t)) {
        return CONNECTION_RESET;
      }
    }
    return IO_ERROR;
  }

  private static FetchError specific(Throwable t) {
    if (t instanceof Body.TooLarge) {
      return BODY_TOO_LARGE;
    }
    if (t instanceof Body.WriteFailed) {
      return BODY_WRITE_FAILED;
    }
    if (t instanceof HttpTimeoutException) {
      return TIMEOUT;
    }
    if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
      return UNKNOWN_HOST;
    }
    if (t instanceof IllegalArgumentException) {
      return MALFORMED_URL;
    }
    if (t instanceof InterruptedException) {
      return INTERRUPTED;
    }
    return null;
  }

  /** "Connection reset", an EOF mid-response, or the JDK's "header parser received no bytes". */
  private static boolean isReset(Throwable t) {
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return t instanceof EOFException
        || (t instanceof SocketException && message.contains("reset"))
        || (t instanceof IOException
            && (message.contains("received no bytes") || message.contains("connection closed")));
  }
}

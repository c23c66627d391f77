package io.scatter.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The exceptions the JDK's HTTP client gives, wrapped the way it wraps them (seen on 17 and 25). */
final class FetchErrorTest {

  private static <T extends Throwable> T causedBy(T outer, Throwable cause) {
    outer.initCause(cause);
    return outer;
  }

  @Test
  void classify_unresolvedAddressInsideConnectException_isUnknownHost() {
    assertEquals(FetchError.UNKNOWN_HOST,
        FetchError.classify(causedBy(new ConnectException(), new UnresolvedAddressException())));
    assertEquals(FetchError.UNKNOWN_HOST, FetchError.classify(new UnknownHostException("nohost.invalid")));
  }

  @Test
  void classify_connectExceptionAroundClosedChannel_isConnectionRefused() {
    assertEquals(FetchError.CONNECTION_REFUSED,
        FetchError.classify(new CompletionException(causedBy(new ConnectException(), new ClosedChannelException()))));
  }

  @Test
  void classify_requestOrConnectTimeout_isTimeout() {
    assertEquals(FetchError.TIMEOUT, FetchError.classify(new HttpTimeoutException("request timed out")));
    assertEquals(FetchError.TIMEOUT, FetchError.classify(new HttpConnectTimeoutException("connect timed out")));
  }

  @Test
  void classify_closedBeforeAStatusLine_isConnectionReset() {
    IOException noBytes = new IOException("HTTP/1.1 header parser received no bytes",
        new SocketException("Connection reset"));
    assertEquals(FetchError.CONNECTION_RESET, FetchError.classify(new IOException(noBytes.getMessage(), noBytes)));
    assertEquals(FetchError.CONNECTION_RESET, FetchError.classify(new EOFException("EOF reached while reading")));
  }

  @Test
  void classify_bodyPastTheCapOrUnwritable_isNamedForIt() {
    assertEquals(FetchError.BODY_TOO_LARGE, FetchError.classify(new IOException(new Body.TooLarge(10))));
    assertEquals(FetchError.BODY_WRITE_FAILED,
        FetchError.classify(new Body.WriteFailed(Path.of("x.body"), new IOException("disk full"))));
  }

  @Test
  void classify_portOutOfRange_isMalformedUrl() {
    assertEquals(FetchError.MALFORMED_URL, FetchError.classify(new IllegalArgumentException("port out of range")));
  }

  @Test
  void classify_anythingElse_isIoError() {
    assertEquals(FetchError.IO_ERROR, FetchError.classify(new IOException("something odd")));
  }

  @Test
  void label_isLowerCaseWithDashes() {
    assertEquals("connection-refused", FetchError.CONNECTION_REFUSED.label());
    assertEquals("body-too-large", FetchError.BODY_TOO_LARGE.label());
  }
}

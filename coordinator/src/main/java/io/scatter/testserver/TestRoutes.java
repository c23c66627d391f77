package io.scatter.testserver;

import java.util.Optional;
import java.util.function.LongFunction;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The test server's endpoints. Nothing here blocks a thread: a delay is a timer ({@link DelayTimer})
 * that completes the response, and large bodies are streamed.
 *
 * <ul>
 *   <li>{@code GET /delay?ms=50} — 200 after that many milliseconds (0..{@value #MAX_DELAY_MS});
 *   <li>{@code GET /bytes?n=1024} — exactly n bytes of {@code abc…xyzabc…} (0..{@value #MAX_BYTES});
 *   <li>{@code GET /status/418} — that status (200..599; a 1xx is 400) with a tiny body where
 *       one is allowed;
 *   <li>{@code GET /drop} — the connection is closed without any response;
 *   <li>{@code GET /hold} — 200 once {@code GET /release} is called (which answers how many it
 *       released), or 503 at the server's request timeout; {@code GET /held} — how many wait now;
 *   <li>anything else — 404 (405 for a known path with another method); bad parameters — 400.
 * </ul>
 */
final class TestRoutes extends AllDirectives {

  /** Longest delay {@code /delay} accepts; {@code conf/test-server.conf} sets the request timeout above it. */
  static final long MAX_DELAY_MS = 60_000;
  /** Largest body {@code /bytes} sends. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  /** Bodies are streamed in blocks whose length is a multiple of 26, so every block starts with 'a'. */
  private static final int BLOCK = 26 * 2520;
  private static final ByteString ALPHABET_BLOCK = alphabet(BLOCK);

  /**
   * What {@code /drop} answers: a response whose body fails before a byte of it exists. The server
   * cannot render it, so it aborts the connection (a TCP reset) without sending a status line or
   * headers, and the client sees an I/O error. Completing or failing the handler flow instead makes
   * Pekko answer 500 for the outstanding request, which is a response.
   */
  private static final HttpResponse DROP = HttpResponse.create().withEntity(
      HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, 1, Source.failed(ConnectionDropped.INSTANCE)));

  private final DelayTimer timer;
  private final HeldRequests held = new HeldRequests();

  TestRoutes(DelayTimer timer) {
    this.timer = timer;
  }

  /** The endpoints; each is a GET on an exact path. */
  Route route() {
    return concat(
        path("delay", () -> get(() -> parameterOptional("ms", ms -> bounded("ms", ms, MAX_DELAY_MS, this::delay)))),
        path("bytes", () -> get(() -> parameterOptional("n", n -> bounded("n", n, MAX_BYTES, this::bytes)))),
        path(PathMatchers.segment("status").slash(PathMatchers.segment()), code -> get(() -> status(code))),
        path("drop", () -> get(() -> complete(DROP))),
        path("hold", () -> get(() -> completeWithFuture(held.hold().thenApply(released -> HttpResponse.create()
            .withEntity("released\n"))))),
        path("held", () -> get(() -> complete(held.held() + "\n"))),
        path("release", () -> get(() -> complete("released " + held.release() + "\n"))));
  }

  private Route delay(long millis) {
    return completeWithFuture(timer.after(millis, () -> HttpResponse.create().withEntity("delayed " + millis + " ms\n")));
  }

  private Route bytes(long n) {
    if (n <= BLOCK) {
      return complete(HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, ALPHABET_BLOCK.take((int) n))));
    }
    int rest = (int) (n % BLOCK);
    Source<ByteString, NotUsed> body = Source.repeat(ALPHABET_BLOCK).take(n / BLOCK)
        .concat(rest == 0 ? Source.empty() : Source.single(ALPHABET_BLOCK.take(rest)));
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, n, body)));
  }

  private Route status(String raw) {
    int code;
    try {
      code = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      return badRequest("status code must be a number between 100 and 599, got '" + raw + "'");
    }
    if (code < 100 || code > 599) {
      return badRequest("status code must be between 100 and 599, got " + code);
    }
    if (code < 200) {
      // A 1xx is an interim response: the server sends it and the client keeps waiting for the
      // final one, which never comes. Refuse it rather than hang the caller.
      return badRequest("status " + code + " is informational (1xx) and cannot end a request; use 200..599");
    }
    StatusCode status = StatusCodes.lookup(code)
        .orElseGet(() -> StatusCodes.custom(code, "Status " + code, "", code < 400, true));
    HttpResponse response = HttpResponse.create().withStatus(status);
    return complete(status.allowsEntity() ? response.withEntity("status " + code + "\n") : response);
  }

  /** Parses a required whole-number query parameter in [0, max] and hands it on, or answers 400 naming it. */
  private Route bounded(String name, Optional<String> raw, long max, LongFunction<Route> inner) {
    if (raw.isEmpty()) {
      return badRequest("missing query parameter '" + name + "'");
    }
    long value;
    try {
      value = Long.parseLong(raw.get().trim());
    } catch (NumberFormatException e) {
      return badRequest("query parameter '" + name + "' must be a whole number, got '" + raw.get() + "'");
    }
    if (value < 0 || value > max) {
      return badRequest("query parameter '" + name + "' must be between 0 and " + max + ", got " + value);
    }
    return inner.apply(value);
  }

  private Route badRequest(String message) {
    return complete(StatusCodes.BAD_REQUEST, message + "\n");
  }

  /** Why a {@code /drop} connection was aborted; {@link TestServer} keeps it out of the error log. */
  static final class ConnectionDropped extends RuntimeException {
    static final ConnectionDropped INSTANCE = new ConnectionDropped();

    private ConnectionDropped() {
      super("connection dropped on purpose (/drop)", null, false, false);
    }
  }

  private static ByteString alphabet(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return ByteString.fromArrayUnsafe(bytes);
  }
}

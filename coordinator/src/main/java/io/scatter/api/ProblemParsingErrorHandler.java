package io.scatter.api;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests Pekko HTTP refuses before any route sees them (a URI over
 * {@code pekko.http.server.parsing.max-uri-length}: 414; too many or too long headers: 431; a
 * malformed request line: 400) answered as problem documents like every other error, not Pekko's
 * plain text. Named by {@code pekko.http.server.parsing.error-handler}, which {@link ApiServer} sets,
 * and made by Pekko through its no-argument constructor.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

  private static final int URI_TOO_LONG = 414;

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
    // As Pekko's default handler does: the whole of it in the log, a summary for the client.
    log.warning("Illegal request, responding with status '{}': {}", status, error.formatPretty());
    String detail = status.intValue() == URI_TOO_LONG
        ? "the URI is longer than the " + settings.getParserSettings().getMaxUriLength() + " characters this "
            + "server reads (pekko.http.server.parsing.max-uri-length)"
        : error.summary();
    return Problem.of(status, oneLine(detail));
  }

  private static String oneLine(String text) {
    String line = text == null || text.isBlank() ? "the request could not be parsed" : text.strip();
    return line.replaceAll("\\s*\\R\\s*", " ");
  }
}

package io.scatter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Every error the API answers, as RFC 9457 problem details ({@code application/problem+json}):
 * {@code {"type":"about:blank","title":"Bad Request","status":400,"detail":"...","field":"partitions"}}.
 * The type is {@code about:blank} (the status says what kind of problem it is); {@code field}, when
 * present, is the request field to blame, by its JSON name.
 */
final class Problem {

  static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Problem() {
  }

  static HttpResponse of(StatusCode status, String detail) {
    return of(status, detail, Optional.empty());
  }

  static HttpResponse of(StatusCode status, String detail, Optional<String> field) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", status.reason());
    body.put("status", status.intValue());
    body.put("detail", detail);
    field.ifPresent(name -> body.put("field", name));
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem document", e);
    }
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(PROBLEM_JSON, bytes));
  }

  static HttpResponse badRequest(String detail, Optional<String> field) {
    return of(StatusCodes.BAD_REQUEST, detail, field);
  }

  static HttpResponse notFound(String detail) {
    return of(StatusCodes.NOT_FOUND, detail);
  }

  /** 405 with the {@code Allow} header RFC 9110 requires, listing what the path does take. */
  static HttpResponse methodNotAllowed(String method, String path, String allowed) {
    return of(StatusCodes.METHOD_NOT_ALLOWED, path + " does not take " + method + "; it takes " + allowed)
        .addHeader(RawHeader.create("Allow", allowed));
  }

  static HttpResponse tooLarge(long maxBytes) {
    return of(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is over the limit of " + maxBytes
        + " bytes (scatter.api.max-body)");
  }

  /** 415 with {@code Accept-Post}, which names the media type the resource does take (RFC 9110 15.5.16). */
  static HttpResponse unsupportedMediaType(String path, String given) {
    return of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "POST " + path + " takes a JSON body sent as Content-Type: "
        + "application/json, got " + given).addHeader(RawHeader.create("Accept-Post", "application/json"));
  }

  static HttpResponse unauthorized(String detail) {
    return of(StatusCodes.UNAUTHORIZED, detail).addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"scatter\""));
  }
}

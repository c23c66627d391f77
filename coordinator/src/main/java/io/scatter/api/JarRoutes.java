package io.scatter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.code.CoordinatorCode;
import io.scatter.code.JarStore;
import io.scatter.node.code.CodeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * {@code POST /jars}: a jar as the request body (any Content-Type; {@code application/java-archive}
 * is the right one), stored by its SHA-256 ({@link JarStore}) and answered with its digest: 201 when
 * it is new, 200 when the coordinator had it already. A job then names it in {@code jars}. Served
 * behind the API's token like every route, and, unlike the others, refused on an API served
 * without one unless it was given an upload token ({@code --upload-token-file}, which {@code
 * cluster up} gives its coordinator) or {@code scatter.jobs.allow-code-upload = loopback}: code
 * runs with the cluster's rights, so even a loopback API takes it only from its owner.
 */
final class JarRoutes extends AllDirectives {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CoordinatorCode code;
  private final CodeSettings settings;
  private final boolean tokenChecked;
  private final Duration bodyTimeout;
  private final Executor calls;

  /** @param tokenChecked whether every request to the API carries its token (it was given one) */
  JarRoutes(CoordinatorCode code, CodeSettings settings, boolean tokenChecked, Duration bodyTimeout, Executor calls) {
    this.code = code;
    this.settings = settings;
    this.tokenChecked = tokenChecked;
    this.bodyTimeout = bodyTimeout;
    this.calls = calls;
  }

  Route route() {
    return path("jars", () -> concat(
        post(this::upload),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/jars", "POST")))));
  }

  private Route upload() {
    if (code.refusal().isPresent()) {
      return complete(Problem.of(StatusCodes.FORBIDDEN, code.refusal().get()));
    }
    if (!tokenChecked && code.uploadToken().isPresent()) {
      return optionalHeaderValueByName("Authorization", header -> code.uploadToken().get().accepts(header) ? store()
          : complete(Problem.unauthorized(header.isEmpty()
              ? "uploading code needs Authorization: Bearer <this coordinator's upload token> (--upload-token-file;"
                  + " 'cluster up' keeps it in its state folder, and 'scatter submit' sends it from there)"
              : "the bearer token is not this coordinator's upload token")));
    }
    if (!tokenChecked && settings.upload() != CodeSettings.Upload.LOOPBACK) {
      return complete(Problem.of(StatusCodes.FORBIDDEN, "uploading code needs the API's token, which this coordinator"
          + " was not given: start it with --token-file FILE or --upload-token-file FILE (or set"
          + " scatter.jobs.allow-code-upload = loopback to let every user of this machine upload)"));
    }
    return store();
  }

  private Route store() {
    long max = settings.maxJarBytes();
    // The API's own body limit is for JSON; a jar has its own.
    return withSizeLimit(max, () -> extractMaterializer(materializer -> extractRequestEntity(entity -> {
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > max) {
        return complete(tooLarge(max));
      }
      return completeWithFuture(entity.toStrict(bodyTimeout.toMillis(), max, materializer)
          .thenApplyAsync(strict -> stored(strict.getData().toArray()), calls)
          .exceptionally(failure -> unreadable(failure, max)));
    })));
  }

  private HttpResponse stored(byte[] jar) {
    JarStore.Stored stored;
    try {
      stored = code.store().put(new ByteArrayInputStream(jar));
    } catch (IllegalArgumentException e) {
      return e.getMessage().contains("scatter.jobs.max-jars")
          ? Problem.of(StatusCodes.INSUFFICIENT_STORAGE, e.getMessage())
          : Problem.of(StatusCodes.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode body = MAPPER.createObjectNode();
    body.put("digest", stored.digest());
    body.put("bytes", stored.bytes());
    body.put("new", stored.added());
    return HttpResponse.create().withStatus(stored.added() ? StatusCodes.CREATED : StatusCodes.OK)
        .addHeader(RawHeader.create("Location", "/jars/" + stored.digest()))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private HttpResponse unreadable(Throwable failure, long max) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof EntityStreamSizeException) {
      return tooLarge(max);
    }
    if (cause instanceof TimeoutException) {
      return Problem.of(StatusCodes.REQUEST_TIMEOUT, "the jar did not arrive within " + bodyTimeout.toMillis()
          + " ms (scatter.api.body-timeout)");
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new CompletionException(cause);
  }

  private static HttpResponse tooLarge(long max) {
    return Problem.of(StatusCodes.PAYLOAD_TOO_LARGE, "the jar is over the limit of " + max
        + " bytes (scatter.jobs.max-jar-size)");
  }
}

package io.scatter.api;

import io.scatter.node.Units;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequestException;
import io.scatter.service.JobRequestJson;
import io.scatter.service.JobService;
import io.scatter.service.JobView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/**
 * {@code /jobs}: translates HTTP to the {@link JobService} and nothing more; what a job is and
 * whether a request is valid are the service's and {@link JobRequestJson}'s to say.
 *
 * <ul>
 *   <li>{@code POST /jobs} — a job request as JSON; 201 with the job and its {@code Location}, or
 *       400 naming the field, 413 for a body over {@code scatter.api.max-body}, 415 for a body not
 *       sent as {@code application/json};
 *   <li>{@code GET /jobs?limit=N} — jobs newest first, at most N ({@code scatter.api.list-default}
 *       when not given, {@code scatter.api.list-max} at most);
 *   <li>{@code GET /jobs/{id}} — one job; with {@code ?wait=5s}, once it has ended or the wait is
 *       over (a longer wait is cut to {@code scatter.api.wait-max}); {@code DELETE /jobs/{id}} — cancels it and
 *       answers it as it is then; 404 for an id the service does not know.
 *   <li>{@code HEAD} wherever {@code GET} is (Pekko's transparent HEAD, see {@link ApiServer}).
 * </ul>
 */
final class JobRoutes extends AllDirectives {

  private final JobService service;
  private final ApiSettings settings;
  /** Where the service is called: its calls may wait (a cancel does), and connections must not. */
  private final Executor calls;

  JobRoutes(JobService service, ApiSettings settings, Executor calls) {
    this.service = service;
    this.settings = settings;
    this.calls = calls;
  }

  /**
   * Where a job is found: {@code /jobs/ID}, the id escaped as a path segment (ids are opaque). The
   * service's own ids need no escaping and are written as they are: building a Uri for every
   * answer was a visible part of a tiny job's cost.
   */
  static String location(String id) {
    return isUnreserved(id) ? "/jobs/" + id : Uri.create("/jobs").addPathSegment(id).toString();
  }

  /** RFC 3986 unreserved characters only: a path segment that is the same escaped or not ("." and ".." are not). */
  private static boolean isUnreserved(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }

  Route route() {
    return pathPrefix("jobs", () -> concat(
        pathEnd(() -> concat(
            post(this::submit),
            get(this::list),
            otherMethods("/jobs", "GET, HEAD, POST"))),
        path(PathMatchers.segment(), id -> concat(
            get(() -> show(id)),
            delete(() -> cancel(id)),
            otherMethods("/jobs/{id}", "GET, HEAD, DELETE")))));
  }

  private Route submit() {
    return extractMaterializer(materializer -> extractRequestEntity(entity -> isJson(entity.getContentType())
        ? completeWithFuture(readBody(entity, materializer).thenApplyAsync(this::submitted, calls)
            .exceptionally(this::unreadable))
        // Refused unread: whatever it holds, it was not sent as a job.
        : complete(Problem.unsupportedMediaType("/jobs", shown(entity.getContentType())))));
  }

  /** {@code application/json}, with or without parameters: JSON is UTF-8 whatever a charset says (RFC 8259). */
  private static boolean isJson(ContentType type) {
    return type.mediaType().mainType().equals("application") && type.mediaType().subType().equals("json");
  }

  /** Pekko reads a body sent without a Content-Type as application/octet-stream: the client may have sent none. */
  private static String shown(ContentType type) {
    return type.equals(ContentTypes.APPLICATION_OCTET_STREAM) || type.equals(ContentTypes.NO_CONTENT_TYPE)
        ? "application/octet-stream (or no Content-Type)" : shorten(type.toString());
  }

  private CompletionStage<byte[]> readBody(RequestEntity entity, Materializer materializer) {
    // Declared too long: refused without reading a byte of it.
    if (entity.getContentLengthOption().isPresent()
        && entity.getContentLengthOption().getAsLong() > settings.maxBodyBytes()) {
      return CompletableFuture.failedFuture(new BodyTooLarge());
    }
    if (entity instanceof HttpEntity.Strict strict) {
      // Arrived whole, its length within the limit (checked above): toStrict would run a stream to copy it.
      return CompletableFuture.completedFuture(strict.getData().toArray());
    }
    return entity.toStrict(settings.bodyTimeout().toMillis(), settings.maxBodyBytes(), materializer)
        .thenApply(strict -> strict.getData().toArray());
  }

  private HttpResponse submitted(byte[] body) {
    JobRequest request;
    JobHandle handle;
    try {
      request = JobRequestJson.parse(body);
      handle = service.submit(request);
    } catch (JobRequestException e) {
      return Problem.badRequest(e.getMessage(), e.field());
    }
    JobView view = handle.view();
    return HttpResponse.create().withStatus(StatusCodes.CREATED)
        .addHeader(RawHeader.create("Location", location(view.id())))
        .withEntity(JobJson.entity(view));
  }

  /** A body that could not be read: too long, too slow, or the connection broke. */
  private HttpResponse unreadable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof BodyTooLarge || cause instanceof EntityStreamSizeException) {
      return Problem.tooLarge(settings.maxBodyBytes());
    }
    if (cause instanceof TimeoutException) {
      return Problem.of(StatusCodes.REQUEST_TIMEOUT, "the request body did not arrive within "
          + settings.bodyTimeout().toMillis() + " ms (scatter.api.body-timeout)");
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime; // the server's exception handler answers 500 and logs it
    }
    throw new CompletionException(cause);
  }

  private Route list() {
    return parameterOptional("limit", raw -> {
      int limit;
      try {
        limit = limit(raw);
      } catch (JobRequestException e) {
        return complete(Problem.badRequest(e.getMessage(), e.field()));
      }
      return completeWithFuture(CompletableFuture.supplyAsync(() -> HttpResponse.create()
          .withEntity(JobJson.entity(service.list(limit), limit)), calls));
    });
  }

  private int limit(Optional<String> raw) {
    if (raw.isEmpty()) {
      return settings.listDefault();
    }
    String rule = "{limit} must be a whole number between 1 and " + settings.listMax() + " (scatter.api.list-max)";
    int limit;
    try {
      limit = Integer.parseInt(raw.get().strip());
    } catch (NumberFormatException e) {
      throw new JobRequestException("limit", rule + ", got '" + shorten(raw.get()) + "'");
    }
    if (limit < 1 || limit > settings.listMax()) {
      throw new JobRequestException("limit", rule + ", got " + limit);
    }
    return limit;
  }

  private Route show(String id) {
    return parameterOptional("wait", raw -> {
      if (raw.isEmpty()) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> found(id, service.get(id)), calls));
      }
      Duration wait;
      try {
        wait = waitOf(raw.get());
      } catch (JobRequestException e) {
        return complete(Problem.badRequest(e.getMessage(), e.field()));
      }
      return completeWithFuture(endOrWait(id, wait));
    });
  }

  /**
   * The job once it has ended, or as it is when {@code wait} is over. The wait holds no thread: a
   * copy of the job's end times out, never the end itself, which other clients may be waiting on.
   */
  private CompletionStage<HttpResponse> endOrWait(String id, Duration wait) {
    return CompletableFuture.supplyAsync(() -> service.whenEnded(id), calls).thenCompose(end -> {
      if (end.isEmpty()) {
        return CompletableFuture.completedFuture(found(id, Optional.empty()));
      }
      CompletableFuture<JobView> endOrTimeout = new CompletableFuture<>();
      end.get().whenComplete((view, failure) -> endOrTimeout.complete(view));
      return endOrTimeout.completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS)
          .thenApplyAsync(ended -> found(id, ended != null ? Optional.of(ended) : service.get(id)), calls);
    });
  }

  /**
   * A wait longer than {@code scatter.api.wait-max} is cut to it, not refused: the answer then shows
   * the job still running, and the client asks again, as it would after any wait that ran out.
   */
  private Duration waitOf(String raw) {
    String rule = "{wait} must be a duration such as 5s (waits over " + settings.waitMax().toMillis()
        + " ms, scatter.api.wait-max, are cut to it)";
    Units.Parsed<Duration> parsed = Units.duration(raw);
    if (parsed.value().isEmpty()) {
      throw new JobRequestException("wait", rule + ", got '" + shorten(raw) + "'");
    }
    Duration wait = parsed.value().get();
    if (wait.isNegative()) {
      throw new JobRequestException("wait", rule + ", got " + shorten(raw));
    }
    return wait.compareTo(settings.waitMax()) > 0 ? settings.waitMax() : wait;
  }

  private Route cancel(String id) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> found(id, service.cancel(id)), calls));
  }

  private static HttpResponse found(String id, Optional<JobView> job) {
    return job.map(view -> HttpResponse.create().withEntity(JobJson.entity(view)))
        .orElseGet(() -> Problem.notFound("no job " + shorten(id) + " (finished jobs are kept only for a while)"));
  }

  private Route otherMethods(String path, String allowed) {
    return extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), path, allowed)));
  }

  /** A body whose declared length is over the limit. */
  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge() {
      super(null, null, false, false);
    }
  }

  /** What a client sent, cut short: it may be anything. */
  static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}

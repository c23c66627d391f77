package io.scatter.api;

import io.scatter.service.JobService;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health}: {@code {"status":"ok"}} while the service can run jobs, for probes and
 * scripts waiting on start; 503 with a problem document saying why while it cannot (a coordinator
 * the cluster removed, rejoining), so a probe never calls a coordinator healthy that fails every job.
 */
final class HealthRoutes extends AllDirectives {

  private static final HttpResponse OK = HttpResponse.create()
      .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"ok\"}"));

  private final JobService service;

  HealthRoutes(JobService service) {
    this.service = service;
  }

  Route route() {
    return path("health", () -> concat(
        get(() -> {
          Optional<String> trouble = service.trouble();
          return complete(trouble.isEmpty() ? OK : Problem.of(StatusCodes.SERVICE_UNAVAILABLE, trouble.get()));
        }),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/health", "GET, HEAD")))));
  }
}

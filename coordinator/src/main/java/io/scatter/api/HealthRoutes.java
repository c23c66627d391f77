package io.scatter.api;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /health}: {@code {"status":"ok"}} while the server answers, for probes and scripts waiting on start. */
final class HealthRoutes extends AllDirectives {

  private static final HttpResponse OK = HttpResponse.create()
      .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"ok\"}"));

  Route route() {
    return path("health", () -> concat(
        get(() -> complete(OK)),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/health", "GET, HEAD")))));
  }
}

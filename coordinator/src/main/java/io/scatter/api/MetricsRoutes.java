package io.scatter.api;

import io.scatter.metrics.ScatterMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the service's metrics and the JVM's in the Prometheus text format
 * ({@link ScatterMetrics}), for a Prometheus server to scrape. Behind the same token as every other
 * route: a scrape config gives it with {@code authorization: {credentials_file: ...}}.
 */
final class MetricsRoutes extends AllDirectives {

  /** The writer's own content type, version parameter included: Prometheus picks the parser by it. */
  private static final ContentType TEXT = ContentTypes.parse(ScatterMetrics.CONTENT_TYPE);

  private final ScatterMetrics metrics;
  /** A scrape asks the jobs' coordinators for the nodes and waits for them: not on a connection's thread. */
  private final Executor calls;

  MetricsRoutes(ScatterMetrics metrics, Executor calls) {
    this.metrics = metrics;
    this.calls = calls;
  }

  Route route() {
    return path("metrics", () -> concat(
        get(() -> completeWithFuture(CompletableFuture.supplyAsync(() -> HttpResponse.create()
            .withEntity(HttpEntities.create(TEXT, metrics.text())), calls))),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/metrics", "GET, HEAD")))));
  }
}

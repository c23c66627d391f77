package io.scatter.api;

import io.scatter.service.JobService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /nodes}: the cluster's members, their workers and what each is running for this
 * service's jobs ({@link JobService#nodes()}), as {@link NodeJson} writes them.
 */
final class NodeRoutes extends AllDirectives {

  private final JobService service;
  /** The service asks the jobs' coordinators and waits for them: not on a connection's thread. */
  private final Executor calls;

  NodeRoutes(JobService service, Executor calls) {
    this.service = service;
    this.calls = calls;
  }

  Route route() {
    return path("nodes", () -> concat(
        get(() -> completeWithFuture(CompletableFuture.supplyAsync(() -> HttpResponse.create()
            .withEntity(JobJson.entity(NodeJson.nodes(service.nodes()))), calls))),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/nodes", "GET, HEAD")))));
  }
}

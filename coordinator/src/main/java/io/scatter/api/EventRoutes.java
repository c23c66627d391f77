package io.scatter.api;

import io.scatter.service.JobService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /events}: what the dashboard shows, as server-sent events. Every {@code jobs-every} an
 * event {@code jobs} holds the newest jobs as {@code GET /jobs} writes them; every {@code nodes-every} an
 * event {@code nodes} holds the nodes as {@code GET /nodes} does. Each is whole, so nothing is queued
 * for a client: a tick is taken only when the client has read the last one (a slow client gets
 * fewer), and one that reconnects is up to date with its first event.
 */
final class EventRoutes extends AllDirectives {

  private final JobService service;
  private final DashboardSettings settings;
  /** The service's calls may wait (nodes asks every worker): not on a connection's thread. */
  private final Executor calls;
  private final AtomicInteger open = new AtomicInteger();

  EventRoutes(JobService service, DashboardSettings settings, Executor calls) {
    this.service = service;
    this.settings = settings;
    this.calls = calls;
  }

  Route route() {
    return path("events", () -> concat(
        // Inside a directive's function: stream() counts an open stream, so it must run for each
        // request, never once while the route is being built.
        get(() -> extractRequest(request -> stream())),
        extractMethod(method -> complete(Problem.methodNotAllowed(method.value(), "/events", "GET, HEAD")))));
  }

  private Route stream() {
    if (open.incrementAndGet() > settings.maxStreams()) {
      open.decrementAndGet();
      return complete(Problem.of(StatusCodes.SERVICE_UNAVAILABLE, "already " + settings.maxStreams()
          + " event streams open (scatter.api.dashboard.max-streams); try again later"));
    }
    Source<ServerSentEvent, NotUsed> events = every(settings.jobsEvery(), "jobs",
        () -> JobJson.entity(service.list(settings.jobs()), settings.jobs()).getData().utf8String())
        .merge(every(settings.nodesEvery(), "nodes",
            () -> JobJson.entity(NodeJson.nodes(service.nodes())).getData().utf8String()))
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ended, error) -> open.decrementAndGet());
          return NotUsed.notUsed();
        });
    return completeOK(events, EventStreamMarshalling.toEventStream());
  }

  /** One event of {@code type} every {@code interval}, its data made when the client is ready for it. */
  private Source<ServerSentEvent, NotUsed> every(Duration interval, String type, Supplier<String> data) {
    return Source.tick(Duration.ZERO, interval, type)
        .mapAsync(1, tick -> CompletableFuture.supplyAsync(data, calls))
        .map(json -> ServerSentEvent.create(json, type))
        .mapMaterializedValue(cancellable -> NotUsed.notUsed());
  }
}

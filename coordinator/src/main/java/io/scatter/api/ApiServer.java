package io.scatter.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.code.CoordinatorCode;
import io.scatter.metrics.ScatterMetrics;
import io.scatter.node.code.CodeSettings;
import io.scatter.node.util.ActorSystems;
import io.scatter.service.JobService;
import io.scatter.time.Ticker;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service's HTTP API on Pekko HTTP: {@link JobRoutes}, {@link NodeRoutes}, {@link HealthRoutes},
 * {@link EventRoutes} and {@link MetricsRoutes} for one {@link JobService}, behind {@link TokenAuth} when it
 * has one, and the {@link DashboardRoutes} page before it. Anything no route answers is a
 * problem document (404, 405, 413, 414, 415, 401); an exception in a route is a 500 for that request
 * alone. {@code HEAD} is served wherever {@code GET} is.
 *
 * <pre>{@code
 * try (ApiServer api = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), config)) {
 *   URI jobs = URI.create(api.url() + "/jobs");
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Duration BIND_WAIT = Duration.ofSeconds(10);
  private static final Duration TERMINATE_WAIT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final Duration drain;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApiServer(ActorSystem<Void> system, ServerBinding binding, Duration drain) {
    this.system = system;
    this.binding = binding;
    this.drain = drain;
  }

  /**
   * Serves {@code service} on {@code host:port} (0 picks a free port) with {@code scatter.api.*} from
   * {@code config}. The service stays the caller's to close.
   *
   * @param auth the token every request must carry; empty serves every request (loopback only:
   *             see {@link TokenAuth#forBind})
   * @throws BindException when the address cannot be bound; nothing is left running
   */
  public static ApiServer start(JobService service, String host, int port, Optional<TokenAuth> auth, Config config)
      throws BindException {
    return start(service, host, port, auth, config, Optional.empty());
  }

  /** As above, taking uploaded jars ({@code POST /jars}) into {@code code}'s store when there is one. */
  public static ApiServer start(JobService service, String host, int port, Optional<TokenAuth> auth, Config config,
      Optional<CoordinatorCode> code) throws BindException {
    ApiSettings settings = ApiSettings.from(config);
    DashboardSettings dashboard = DashboardSettings.from(config);
    LoggerFactory.getILoggerFactory(); // bind SLF4J before actor threads log, as TestServer does
    // Pekko's own parser limit agrees with ours, so a body over it is one 413 whichever notices first.
    // The server's actor system is a local one whatever the configuration says: only the job
    // service's system joins a cluster.
    // HEAD is answered wherever GET is, as GET without its body (RFC 9110 9.3.2), and a request Pekko
    // refuses before routing (a URI too long) is a problem document like every other error.
    Config serverConfig = config
        .withValue("pekko.http.server.parsing.max-content-length", ConfigValueFactory.fromAnyRef(settings.maxBodyBytes()))
        .withValue("pekko.http.server.transparent-head-requests", ConfigValueFactory.fromAnyRef(true))
        .withValue("pekko.http.server.parsing.error-handler",
            ConfigValueFactory.fromAnyRef(ProblemParsingErrorHandler.class.getName()))
        .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "scatter-api", serverConfig);
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port)
          .bind(new Routes(service, settings, dashboard, auth, serviceCalls(system),
              code.map(jars -> new JarRoutes(jars, CodeSettings.from(config), auth.isPresent(), settings.bodyTimeout(),
                  serviceCalls(system)))).route())
          .toCompletableFuture().get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new ApiServer(system, binding, settings.drain());
    } catch (ExecutionException | TimeoutException e) {
      ActorSystems.terminateAndWait(system, TERMINATE_WAIT);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      BindException failure = new BindException("cannot listen on " + new HostPort(host, port) + ": " + reason(cause));
      failure.initCause(cause);
      throw failure;
    } catch (InterruptedException e) {
      ActorSystems.terminateAndWait(system, TERMINATE_WAIT);
      Thread.currentThread().interrupt();
      throw new BindException("interrupted while binding " + new HostPort(host, port));
    } catch (RuntimeException | Error e) {
      ActorSystems.terminateAndWait(system, TERMINATE_WAIT);
      throw e;
    }
  }

  /** The address actually bound, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** {@code http://127.0.0.1:8080}, IPv6 hosts in brackets. */
  public String url() {
    return "http://" + new HostPort(address().getAddress().getHostAddress(), address().getPort());
  }

  /**
   * Stops accepting, gives requests in flight {@code scatter.api.drain} to finish (later ones are
   * answered 503; idle keep-alive connections hold it that long too), closes every connection and
   * terminates the actor system. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      binding.terminate(drain).toCompletableFuture().get(drain.plus(TERMINATE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Connections that would not close go down with the actor system below.
    } finally {
      // Not waited for: with the binding gone, nothing reaches the service through this system any
      // more, and what is left of its end (its dispatchers) holds nothing anyone waits on. It holds no
      // JVM exit either (scatter.conf turns Pekko's hook off). A coordinator's stop went on 60 ms later.
      system.terminate();
    }
  }

  /** The whole tree: auth first, then each resource, then 404 for any other path. */
  private static final class Routes extends AllDirectives {

    private final JobRoutes jobs;
    private final NodeRoutes nodes;
    private final HealthRoutes health;
    private final EventRoutes events;
    private final DashboardRoutes dashboard = new DashboardRoutes();
    private final MetricsRoutes metrics;
    private final Optional<TokenAuth> auth;
    private final Optional<JarRoutes> jars;
    private final AtomicLong incidents = new AtomicLong();

    Routes(JobService service, ApiSettings settings, DashboardSettings dashboard, Optional<TokenAuth> auth,
        Executor calls, Optional<JarRoutes> jars) {
      this.jars = jars;
      this.jobs = new JobRoutes(service, settings, calls);
      this.nodes = new NodeRoutes(service, calls);
      this.health = new HealthRoutes(service);
      this.events = new EventRoutes(service, dashboard, calls);
      this.metrics = new MetricsRoutes(ScatterMetrics.of(service, Ticker.system()), calls);
      this.auth = auth;
    }

    Route route() {
      // The dashboard's page and assets hold no data and come before the token: a browser logs in on it.
      return handleExceptions(failures(), () -> concat(dashboard.route(), authorized(() -> concat(
          jobs.route(),
          nodes.route(),
          health.route(),
          events.route(),
          metrics.route(),
          jars.map(JarRoutes::route).orElseGet(() -> path("jars", () -> complete(Problem.notFound(
              "this coordinator takes no uploaded code")))),
          extractUri(uri -> complete(Problem.notFound("no such resource: " + JobRoutes.shorten(uri.path())
              + " (the API serves /jobs, /jobs/{id}, /nodes, /health, /events and /metrics; the dashboard is at /)")))))));
    }

    private Route authorized(Supplier<Route> inner) {
      if (auth.isEmpty()) {
        return inner.get();
      }
      return optionalHeaderValueByName("Authorization", header -> auth.get().accepts(header) ? inner.get()
          : complete(Problem.unauthorized(header.isEmpty() ? "this server needs Authorization: Bearer <token>"
              : "the bearer token is not the one this server was given")));
    }

    /** A failure answers its own request with a 500 and is logged; the server and other jobs go on. */
    private ExceptionHandler failures() {
      return ExceptionHandler.newBuilder()
          .match(org.apache.pekko.http.scaladsl.model.EntityStreamSizeException.class,
              e -> complete(Problem.of(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is over the limit of "
                  + e.limit() + " bytes (scatter.api.max-body)")))
          .match(CompletionException.class, e -> e.getCause() != null, e -> failed(e.getCause()))
          .matchAny(this::failed)
          .build();
    }

    /**
     * A client is told what it can act on (the service closing says so) and never the internals of
     * anything else (class names, messages of a bug); the incident number finds the whole of it in the log.
     */
    private Route failed(Throwable e) {
      long incident = incidents.incrementAndGet();
      LOG.error("request failed (incident {})", incident, e);
      String what = e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : "an internal error";
      return complete(Problem.of(StatusCodes.INTERNAL_SERVER_ERROR, "the service could not answer: " + what
          + " (incident " + incident + " in the coordinator's log)"));
    }
  }

  /** {@code scatter.api-dispatcher}: the job service's calls, off the connections' threads. */
  private static Executor serviceCalls(ActorSystem<Void> system) {
    return system.dispatchers().lookup(DispatcherSelector.fromConfig("scatter.api-dispatcher"));
  }

  private static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}

package io.scatter.testserver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.ScatterConfig;
import io.scatter.node.util.ActorSystems;
import io.scatter.node.util.PortProbe;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.event.BusLogging;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server for fetch experiments and tests, on Pekko HTTP: every connection is a
 * stream on the actor system's small dispatcher, so ten thousand requests waiting on
 * {@code /delay} cost ten thousand sockets and timers, not ten thousand threads.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start("127.0.0.1", 0)) {
 *   URI slow = URI.create(server.url() + "/delay?ms=50");
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {


  private static final Duration BIND_WAIT = Duration.ofSeconds(10);
  /** In-flight requests get this long to finish on stop; later ones are answered 503 and closed. */
  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final Duration TERMINATE_WAIT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final DelayTimer timer;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private TestServer(ActorSystem<Void> system, ServerBinding binding, DelayTimer timer) {
    this.system = system;
    this.binding = binding;
    this.timer = timer;
  }

  /** Starts a server with scatter's configuration; port 0 picks a free port (see {@link #port()}). */
  public static TestServer start(String host, int port) throws BindException {
    return start(host, port, ScatterConfig.load());
  }

  /**
   * Starts a server on {@code host:port} with {@code config}, which carries the server settings of
   * {@code test-server.conf} (included by {@code scatter.conf}).
   *
   * @throws BindException when the address cannot be bound, e.g. the port is in use; nothing is left running
   */
  public static TestServer start(String host, int port, Config config) throws BindException {
    ensureFree(host, port);
    // Bind SLF4J before actor threads log, or it buffers their first calls and warns on replay.
    LoggerFactory.getILoggerFactory();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "scatter-test-server", withDispatcherThreads(config));
    DelayTimer timer = new DelayTimer();
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port)
          .logTo(new QuietDrops(system))
          .bind(new TestRoutes(timer).route())
          .toCompletableFuture().get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new TestServer(system, binding, timer);
    } catch (ExecutionException | TimeoutException e) {
      terminate(system, timer);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      BindException failure = new BindException("cannot listen on " + host + ":" + port + ": " + reason(cause));
      failure.initCause(cause);
      throw failure;
    } catch (InterruptedException e) {
      terminate(system, timer);
      Thread.currentThread().interrupt();
      throw new BindException("interrupted while binding " + host + ":" + port);
    } catch (RuntimeException | Error e) {
      terminate(system, timer);
      throw e;
    }
  }

  /**
   * The server's own threads (see test-server.conf): a dispatcher of {@code dispatcher-threads} that also
   * runs the TCP connection actors, which Pekko otherwise puts on a second pool, so a request's
   * hand-overs stay on one pool's threads. Other actor systems in the JVM keep their settings.
   */
  private static Config withDispatcherThreads(Config config) {
    ConfigValue threads = config.getValue("scatter.test-server.dispatcher-threads");
    return config
        .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min", threads)
        .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-max", threads)
        .withValue("pekko.io.tcp.worker-dispatcher", ConfigValueFactory.fromAnyRef("pekko.actor.default-dispatcher"));
  }

  /**
   * Fails fast, before an actor system exists, when the port is taken: Pekko would report the same
   * as a multi-line ERROR log on stderr. A port taken between this check and the bind still fails
   * the bind, only more noisily.
   */
  private static void ensureFree(String host, int port) throws BindException {
    Optional<IOException> failure = PortProbe.bindFailure(host, port);
    // Only "in use" and its kin; anything else (an odd address, say) is left for the real bind to report.
    if (failure.isPresent() && failure.get() instanceof BindException taken) {
      throw new BindException("cannot listen on " + host + ":" + port + ": " + taken.getMessage());
    }
  }

  /** The address actually bound, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** {@code http://127.0.0.1:18080}, IPv6 hosts in brackets. */
  public String url() {
    String host = address().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /**
   * Stops accepting, lets in-flight requests finish for a moment, closes every connection and
   * terminates the actor system. Idempotent; safe from a shutdown hook.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      binding.terminate(DRAIN).toCompletableFuture()
          .get(DRAIN.plus(TERMINATE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Connections that would not close go down with the actor system below.
    } finally {
      terminate(system, timer);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void terminate(ActorSystem<Void> system, DelayTimer timer) {
    timer.close();
    ActorSystems.terminateAndWait(system, TERMINATE_WAIT);
  }

  /**
   * The server's log, under this class's name, without the error Pekko logs each time a
   * {@code /drop} connection is aborted on purpose; every other message passes through.
   */
  private static final class QuietDrops extends BusLogging {

    QuietDrops(ActorSystem<?> system) {
      this((ExtendedActorSystem) system.classicSystem());
    }

    private QuietDrops(ExtendedActorSystem system) {
      super(system.eventStream(), TestServer.class.getName(), TestServer.class, system.logFilter());
    }

    @Override
    public void notifyError(Throwable cause, String message) {
      if (!(cause instanceof TestRoutes.ConnectionDropped)) {
        super.notifyError(cause, message);
      }
    }
  }

  /** The innermost message, e.g. "Address already in use", rather than Pekko's wrapping of it. */
  private static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}

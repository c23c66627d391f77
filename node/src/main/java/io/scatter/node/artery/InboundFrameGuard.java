package io.scatter.node.artery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.tcp.ArteryTcpTransport;
import org.apache.pekko.stream.scaladsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.concurrent.Future;
import scala.concurrent.Future$;
import scala.util.Try;

/**
 * Puts a {@link FrameGuard} in front of every inbound connection of a cluster member's Artery TCP
 * transport (plain or TLS), so that one crafted frame closes its connection instead of looping
 * forever in Pekko's framing (see {@link FrameHeaders}). Loaded by {@code pekko.extensions} in
 * {@code conf/cluster.conf}, which runs it in every member once its transport is bound.
 *
 * <p>Pekko 1.2.1 offers no hook for this. The transport runs each accepted connection through the
 * flow in its private field {@code inboundConnectionFlow}; this replaces that flow with the guard
 * followed by Pekko's own, by compare-and-set, so a value Pekko writes at the same moment is never
 * lost. Pekko writes the field again when it restarts its inbound streams after a failure, so a
 * timer looks every {@link #RECHECK} and guards the new flow too. Where the field is missing (a
 * Pekko version that changed it, or that checks frame lengths itself and dropped it) this logs one
 * warning and changes nothing. Remove it once scatter runs a Pekko whose framing checks lengths
 * (apache/pekko#3492).
 */
public final class InboundFrameGuard extends AbstractExtensionId<InboundFrameGuard.Guarding>
    implements ExtensionIdProvider {

  public static final InboundFrameGuard INSTANCE = new InboundFrameGuard();

  /** How soon a flow Pekko sets after restarting its inbound streams is guarded: once a second costs nothing. */
  static final Duration RECHECK = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(InboundFrameGuard.class);
  private static final String FIELD = "inboundConnectionFlow";

  /** For {@code pekko.extensions}, which makes one to ask for {@link #lookup()}; use {@link #INSTANCE}. */
  public InboundFrameGuard() {
  }

  @Override
  public InboundFrameGuard lookup() {
    return INSTANCE;
  }

  @Override
  public Guarding createExtension(ExtendedActorSystem system) {
    if (!(system.provider() instanceof RemoteActorRefProvider remote)
        || !(remote.transport() instanceof ArteryTcpTransport transport)) {
      return new Guarding(Optional.empty(), "this member's transport is not Artery TCP");
    }
    VarHandle field;
    try {
      field = MethodHandles.privateLookupIn(ArteryTcpTransport.class, MethodHandles.lookup())
          .findVarHandle(ArteryTcpTransport.class, FIELD, Future.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot check the frames of inbound cluster connections on this Pekko version ({}): one crafted frame "
          + "could make this member loop; keep its cluster port away from untrusted hosts", e.toString());
      return new Guarding(Optional.empty(), "Pekko's inbound connection flow was not found: " + e);
    }
    Installer installer = new Installer(transport, field, new FrameGuard(FrameLimits.from(system.settings().config())));
    AtomicReference<Cancellable> recheck = new AtomicReference<>();
    Runnable guardNow = () -> {
      try {
        installer.guardCurrent();
      } catch (RuntimeException e) {
        // Not the field this was written for (its value of another type): say so once, not every second.
        installer.stop();
        LOG.warn("stopped checking the frames of new inbound cluster connections: {}", e.toString());
        Optional.ofNullable(recheck.get()).ifPresent(Cancellable::cancel);
      }
    };
    guardNow.run();
    recheck.set(system.scheduler().scheduleWithFixedDelay(RECHECK, RECHECK, guardNow, system.dispatcher()));
    system.registerOnTermination(() -> recheck.get().cancel());
    return new Guarding(Optional.of(installer), "guarding");
  }

  /** What the extension did in one actor system: whether its inbound connections are guarded, and if not, why. */
  public static final class Guarding implements Extension {
    private final Optional<Installer> installer;
    private final String state;

    private Guarding(Optional<Installer> installer, String state) {
      this.installer = installer;
      this.state = state;
    }

    /** Whether the flow new inbound connections get right now starts with the guard. */
    public boolean active() {
      return installer.map(Installer::active).orElse(false);
    }

    @Override
    public String toString() {
      return state;
    }
  }

  /** Swaps the transport's inbound connection flow for the guarded one whenever it is not. */
  private static final class Installer {
    private final ArteryTcpTransport transport;
    private final VarHandle field;
    private final FrameGuard guard;
    private final AtomicReference<Object> installed = new AtomicReference<>();
    private volatile boolean stopped;

    Installer(ArteryTcpTransport transport, VarHandle field, FrameGuard guard) {
      this.transport = transport;
      this.field = field;
      this.guard = guard;
    }

    boolean active() {
      Object current = field.getVolatile(transport);
      return current != null && current == installed.get();
    }

    void stop() {
      stopped = true;
    }

    @SuppressWarnings("unchecked")
    void guardCurrent() {
      Object current = field.getVolatile(transport);
      if (stopped || current == null || current == installed.get()) {
        return;
      }
      Option<Try<Flow<ByteString, ByteString, NotUsed>>> value =
          ((Future<Flow<ByteString, ByteString, NotUsed>>) current).value();
      if (value.isEmpty() || value.get().isFailure()) {
        return; // Pekko has not started its inbound streams yet; the next check looks again
      }
      Flow<ByteString, ByteString, NotUsed> guarded = org.apache.pekko.stream.javadsl.Flow.fromGraph(guard)
          .via(value.get().get()).asScala();
      Future<Flow<ByteString, ByteString, NotUsed>> replacement = Future$.MODULE$.successful(guarded);
      if (field.compareAndSet(transport, current, replacement)) {
        installed.set(replacement);
      }
    }
  }
}

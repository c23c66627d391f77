package io.scatter.node.lifeline;

import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.EventStream;
import org.slf4j.Logger;

/**
 * A node's lifelines: one TCP connection to each coordinator JVM whose jobs it serves, opened when a
 * worker is first offered one of its jobs and held open, silent, until this actor system ends. The
 * coordinator learns nothing from it but that it closed, which for a dead process is the moment it
 * died. One daemon thread per coordinator, blocked in a read; nothing on the path of any message.
 *
 * <p>A line that closes while this node lives is published as a {@link Closed} on the actor
 * system's event stream: the coordinator at the other end is gone, or has given this node's work
 * up (it requeues what the node held when it sees the line close), so the workers drop its jobs.
 */
public final class Lifelines implements Extension {

  /**
   * The line to the coordinator JVM whose lifeline listens at {@code hostPort} (as an offer names
   * it) closed or was reset while this node lives.
   */
  public record Closed(String hostPort) { }

  /** A connection that closes sooner than this after it opened this many times in a row is not tried again. */
  private static final int MAX_QUICK_CLOSES = 3;

  public static final class Id extends ExtensionId<Lifelines> {
    private static final Id INSTANCE = new Id();

    private Id() {
    }

    @Override
    public Lifelines createExtension(ActorSystem<?> system) {
      // An extension is made by Pekko, not by its user: this is where its clock is chosen.
      return new Lifelines(system, Ticker.system());
    }
  }

  private final LifelineSettings settings;
  private final String nodeAddress;
  private final Logger log;
  /** The classic stream, not the typed one: see {@link Line#run} for why a close is published synchronously. */
  private final EventStream events;
  private final Ticker ticker;
  private final Map<String, Line> lines = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private Lifelines(ActorSystem<?> system, Ticker ticker) {
    this.settings = LifelineSettings.from(system.settings().config());
    this.nodeAddress = system.address().toString();
    this.log = system.log();
    this.events = Adapter.toClassic(system).eventStream();
    this.ticker = ticker;
    system.getWhenTerminated().thenRun(this::close);
  }

  public static Lifelines get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Connects to the lifeline at {@code hostPort} unless this node holds one there already; cheap when it does. */
  public void hold(String hostPort) {
    if (hostPort.isEmpty() || closed || !settings.enabled() || lines.containsKey(hostPort)) {
      return;
    }
    lines.computeIfAbsent(hostPort, target -> {
      Line line = new Line(target);
      Thread thread = new Thread(line, "scatter-lifeline-" + target);
      thread.setDaemon(true);
      thread.start();
      return line;
    });
  }

  /** Closes every lifeline (the actor system ended): each coordinator sees this node go. */
  private void close() {
    closed = true;
    lines.values().forEach(Line::close);
  }

  /** One connection, and the thread that waits for it to close and, if this node lives on, opens it again. */
  private final class Line implements Runnable {
    private final String hostPort;
    private volatile Socket socket;

    Line(String hostPort) {
      this.hostPort = hostPort;
    }

    @Override
    public void run() {
      int quickCloses = 0;
      try {
        while (!closed && quickCloses < MAX_QUICK_CLOSES) {
          long opened = ticker.read();
          try {
            socket = connect();
          } catch (IOException e) {
            // The coordinator is gone (or never listened): its next offer, if any, opens a new line.
            log.debug("no lifeline to {}: {}", hostPort, e.toString());
            return;
          }
          if (closed) {
            close(); // the system ended while this line was connecting
            return;
          }
          awaitClose(socket);
          if (closed) {
            return;
          }
          quickCloses = ticker.read() - opened < settings.helloTimeout().toNanos() ? quickCloses + 1 : 0;
          log.info("lifeline to coordinator {} closed while this node runs: its jobs are dropped here; connecting"
              + " again in {} ms", hostPort, settings.reconnectBackoff().toMillis());
          // Published here, on this thread, before the line opens again: the classic stream puts it in
          // every subscriber's mailbox now (the typed one would pass it through an actor first). A
          // coordinator re-offers its jobs once it sees the line open, so its offers always come
          // after the close they follow, never to be dropped by it.
          events.publish(new Closed(hostPort));
          Thread.sleep(settings.reconnectBackoff().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lines.remove(hostPort, this);
      }
    }

    private Socket connect() throws IOException {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 1) {
        throw new IOException("not a host:port: " + hostPort);
      }
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
            (int) settings.helloTimeout().toMillis());
        s.setTcpNoDelay(true);
        s.getOutputStream().write(Hello.encode(nodeAddress));
        s.getOutputStream().flush();
        return s;
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
    }

    /** Blocks until the coordinator's end closes (or resets) the connection, or this node closes it. */
    private void awaitClose(Socket s) {
      byte[] ignored = new byte[64];
      try (s; InputStream in = s.getInputStream()) {
        while (in.read(ignored) >= 0) {
          // A lifeline carries nothing towards the node; anything that comes is dropped.
        }
      } catch (IOException e) {
        // Reset or closed under us: the same as an end of stream here.
      }
    }

    void close() {
      Socket s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // Closing is all that was asked; the coordinator sees it either way.
        }
      }
    }
  }
}

package io.scatter.coordinator;

import io.scatter.node.lifeline.Hello;
import io.scatter.node.lifeline.LifelineSettings;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's end of the lifelines: a TCP port every node serving its jobs holds one silent
 * connection to (see the node's {@code Lifelines}). When a connection closes, its node's process is
 * most likely gone (kill -9, a crash: the kernel closes its sockets at once), and the listener hears
 * it in a few milliseconds instead of after the failure detector's seconds. One daemon thread with
 * a selector serves every connection; at most one connection per node is kept (a new hello from a
 * node replaces its old connection, as if that had closed) and at most {@code max-connections} in all.
 */
final class LifelineServer implements AutoCloseable {

  /** Told on the selector thread; must not block. */
  interface Listener {
    /** {@code node} (its Artery address) said hello: it is there. */
    void opened(String node);

    /** {@code node}'s connection closed or was reset, or a newer one replaces it (told before it opens). */
    void closed(String node);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LifelineServer.class);

  /** One accepted connection: who it is once it has said so, and what it has sent of its hello. */
  private static final class Line {
    final SocketChannel channel;
    final long acceptedNanos;
    final ByteBuffer hello = ByteBuffer.allocate(Hello.MAX_BYTES);
    String node;

    Line(SocketChannel channel, long acceptedNanos) {
      this.channel = channel;
      this.acceptedNanos = acceptedNanos;
    }
  }

  private final LifelineSettings settings;
  private final Ticker ticker;
  private final Listener listener;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final String hostPort;
  /** Touched by the selector thread only. */
  private final Map<String, Line> byNode = new HashMap<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private LifelineServer(LifelineSettings settings, Ticker ticker, Listener listener, Selector selector,
      ServerSocketChannel server, String host) throws IOException {
    this.settings = settings;
    this.ticker = ticker;
    this.listener = listener;
    this.selector = selector;
    this.server = server;
    this.hostPort = host + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    this.thread = new Thread(this::serve, "scatter-lifeline-server");
    thread.setDaemon(true);
  }

  /** Listens on {@code host}, at the settings' port (0: any free one); the hello timeout is timed by {@code ticker}. */
  static LifelineServer start(String host, LifelineSettings settings, Ticker ticker, Listener listener)
      throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(host, settings.port()));
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      LifelineServer started = new LifelineServer(settings, ticker, listener, selector, server, host);
      started.thread.start();
      return started;
    } catch (IOException | RuntimeException e) {
      server.close();
      selector.close();
      throw e;
    }
  }

  /** Where nodes connect: told to them in every job offer. */
  String hostPort() {
    return hostPort;
  }

  /**
   * Resets (RST) the connections of the nodes {@code which} accepts, as a network blip would, and
   * tells the listener they closed. For fault injection: the nodes live on and connect again.
   */
  void reset(Predicate<String> which) {
    runOnSelector(() -> Map.copyOf(byNode).forEach((node, line) -> {
      if (which.test(node)) {
        try {
          line.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
          // Closed anyway below; only the RST is lost.
        }
        drop(line);
      }
    }));
  }

  private void runOnSelector(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void serve() {
    long sweepMillis = Math.max(1, settings.helloTimeout().toMillis() / 2);
    try {
      while (!closed) {
        selector.select(sweepMillis);
        for (Runnable task; (task = tasks.poll()) != null; ) {
          task.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else if (key.isReadable()) {
            read((Line) key.attachment());
          }
        }
        closeSilentOnes();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        LOG.warn("lifeline server stopped: {}; dead nodes are now noticed by the failure detector alone", e.toString());
      }
    } finally {
      closeAll();
    }
  }

  private void accept() throws IOException {
    SocketChannel channel = server.accept();
    if (channel == null) {
      return;
    }
    if (selector.keys().size() - 1 >= settings.maxConnections()) {
      LOG.warn("lifeline connection from {} refused: {} open already (scatter.lifeline.max-connections)",
          channel.getRemoteAddress(), settings.maxConnections());
      channel.close();
      return;
    }
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_READ, new Line(channel, ticker.read()));
  }

  private void read(Line line) {
    int read;
    try {
      if (line.node != null) {
        // After the hello a lifeline carries nothing; whatever comes is dropped.
        ByteBuffer discard = ByteBuffer.allocate(64);
        read = line.channel.read(discard);
      } else {
        read = line.channel.read(line.hello);
      }
    } catch (IOException e) {
      read = -1; // reset by the peer: as closed
    }
    if (read < 0) {
      drop(line);
      return;
    }
    if (line.node == null) {
      readHello(line);
    }
  }

  private void readHello(Line line) {
    ByteBuffer buffer = line.hello;
    int end = -1;
    for (int i = 0; i < buffer.position(); i++) {
      if (buffer.get(i) == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (!buffer.hasRemaining()) {
        drop(line); // too long for a hello: not a lifeline
      }
      return;
    }
    String text = new String(buffer.array(), 0, end, StandardCharsets.UTF_8);
    var node = Hello.decode(text);
    if (node.isEmpty()) {
      drop(line);
      return;
    }
    line.node = node.get();
    Line replaced = byNode.put(line.node, line);
    if (replaced != null) {
      // The node's older connection, though this end never saw it close: a node connects again
      // only once its own end has closed, and its workers dropped this JVM's jobs then. So it is
      // told as closed (what the node held runs again) before it is told open (it is offered them again).
      close(replaced.channel);
      listener.closed(line.node);
    }
    listener.opened(line.node);
  }

  /** Closes connections that have not said who they are within the hello timeout. */
  private void closeSilentOnes() {
    long now = ticker.read();
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Line line && line.node == null
          && now - line.acceptedNanos > settings.helloTimeout().toNanos()) {
        drop(line);
      }
    }
  }

  /** Closes the line; if it was its node's current one, the node has lost its lifeline. */
  private void drop(Line line) {
    close(line.channel);
    if (line.node != null && byNode.remove(line.node, line)) {
      listener.closed(line.node);
    }
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to do with it.
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        // Shutting down.
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // Shutting down.
    }
  }

  /** Stops listening and closes every connection; the nodes see their lifelines close and stop using them. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.scatter.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many HTTP/1.1 GETs sent at once, each on a plain socket of its own, their answers left unread
 * until asked for. Plain sockets rather than thousands of JDK {@code HttpClient} exchanges: the
 * server is what is under test, and the client's per-exchange machinery cost more CPU than the
 * server did (2,000 of them took 20 s in the test JVM).
 */
final class HeldConnections implements AutoCloseable {

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  private final List<Socket> sockets = new ArrayList<>();

  /** Sends {@code count} GETs of {@code uri}; an answer may take up to {@code patience} once awaited. */
  static HeldConnections send(URI uri, int count, Duration patience) throws IOException {
    HeldConnections held = new HeldConnections();
    byte[] request = ("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        held.sockets.add(socket);
        socket.setSoTimeout((int) patience.toMillis());
        socket.getOutputStream().write(request);
      }
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** How many have had any byte of an answer (or lost their connection) so far, without waiting. */
  long answered() {
    return sockets.stream().filter(HeldConnections::hasAnswer).count();
  }

  /** Waits for every answer; status code to how many had it (-1: an I/O error or a reply that is not HTTP). */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    sockets.forEach(socket -> byStatus.merge(statusOf(socket), 1, Integer::sum));
    return byStatus;
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private static boolean hasAnswer(Socket socket) {
    try {
      return socket.getInputStream().available() > 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static int statusOf(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != -1 && b != '\n'; ) {
        line.append((char) b);
      }
      Matcher m = STATUS_LINE.matcher(line);
      return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}

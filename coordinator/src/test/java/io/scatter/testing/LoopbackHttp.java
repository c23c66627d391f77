package io.scatter.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A blocking HTTP/1.1 client of one kept-alive connection, for clients whose JVM shares the 2 cores
 * with the server they test or measure ({@code JobServiceBenchmark}, {@code HeldConnections}): the
 * JDK's {@code HttpClient} (a selector thread, reactive body subscribers, and a JIT that was still
 * compiling them after 10,000 jobs) cost more CPU per job than both nodes together. It speaks
 * only what scatter's servers answer: a status line, headers, and a body of {@code Content-Length}
 * bytes (their answers are strict entities); anything else is an error. Not thread-safe:
 * one per client thread.
 */
public final class LoopbackHttp implements AutoCloseable {

  /** A status code and the body as text. */
  public record Response(int status, String body) { }

  private final String host;
  private final int port;
  /** How long a read may wait for the server; zero waits for ever. */
  private final Duration readTimeout;
  private Socket socket;
  /** The last request's method and path, for errors. */
  private String sent;
  private InputStream in;
  private OutputStream out;

  public LoopbackHttp(String baseUrl) {
    this(baseUrl, Duration.ZERO);
  }

  public LoopbackHttp(String baseUrl, Duration readTimeout) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.readTimeout = readTimeout;
  }

  /**
   * Sends the request and reads its answer. A connection the server closed while idle (its idle
   * timeout) is opened again and the request sent once more, as a browser does: the closed
   * connection had carried none of it.
   */
  public Response send(String method, String path, String body) throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    boolean fresh = socket == null;
    if (fresh) {
      connect();
    }
    try {
      return exchange(method, path, content);
    } catch (ClosedBeforeAnswer e) {
      if (fresh) {
        throw e;
      }
      connect();
      return exchange(method, path, content);
    }
  }

  private Response exchange(String method, String path, byte[] content) throws IOException {
    try {
      write(method, path, content);
    } catch (java.net.SocketException e) {
      throw new ClosedBeforeAnswer(); // reset or broken pipe: the server had closed it
    }
    return read();
  }

  /** Sends a request without a body on a connection of its own, and leaves its answer for {@link #answer()}. */
  public static LoopbackHttp request(String baseUrl, String method, String path, Duration readTimeout)
      throws IOException {
    LoopbackHttp http = new LoopbackHttp(baseUrl, readTimeout);
    try {
      http.connect();
      http.write(method, path, new byte[0]);
    } catch (IOException | RuntimeException e) {
      http.close();
      throw e;
    }
    return http;
  }

  /** Whether a byte of the answer has arrived (or the connection broke), without waiting. */
  public boolean hasAnswer() {
    try {
      return in.available() > 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** Waits for the answer to the request {@link #request} sent. */
  public Response answer() throws IOException {
    return read();
  }

  private void write(String method, String path, byte[] content) throws IOException {
    String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
        + (content.length > 0 ? "Content-Type: application/json\r\n" : "")
        + "Content-Length: " + content.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(content, 0, request, headBytes.length, content.length);
    sent = method + " " + path;
    out.write(request);
    out.flush();
  }

  private Response read() throws IOException {
    String statusLine;
    try {
      statusLine = readLine();
    } catch (java.net.SocketException e) {
      throw new ClosedBeforeAnswer(); // reset: the server had closed it
    }
    if (statusLine == null) {
      throw new ClosedBeforeAnswer();
    }
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    int length = -1;
    boolean close = false;
    for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("transfer-encoding")) {
        throw new IOException("a body in transfer encoding " + value + ": not an answer of scatter's servers");
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    if (length < 0) {
      throw new IOException(sent + ": an answer without Content-Length");
    }
    byte[] answer = in.readNBytes(length);
    if (answer.length < length) {
      throw new IOException(sent + ": the connection closed in the middle of the answer");
    }
    if (close) {
      close();
    }
    return new Response(status, new String(answer, StandardCharsets.UTF_8));
  }

  /** A line ended by CRLF, without it; null if the connection closed before its first byte. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
      b = in.read();
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private void connect() throws IOException {
    close();
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) readTimeout.toMillis());
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  /** The server closed the kept-alive connection before a byte of the answer. */
  private static final class ClosedBeforeAnswer extends IOException {
    ClosedBeforeAnswer() {
      super("the server closed the connection before answering");
    }
  }
}

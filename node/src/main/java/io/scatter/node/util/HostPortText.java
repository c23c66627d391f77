package io.scatter.node.util;

/**
 * {@code HOST:PORT} as people type it ({@code 127.0.0.1:2551}, {@code localhost:0},
 * {@code [::1]:8080}): the one parser behind {@code --seed} and {@code --http}, so both take the
 * same forms and say the same things about a wrong one.
 */
public final class HostPortText {

  private static final int MAX_PORT = 65_535;

  /** A host (IPv6 without its brackets) and a port. */
  public record Parts(String host, int port) { }

  private HostPortText() {
  }

  /**
   * @param minPort lowest port allowed: 0 where "any free port" makes sense, 1 for an address to dial
   * @param example shown in the message when {@code text} is not HOST:PORT at all
   * @throws IllegalArgumentException one line quoting {@code text} and saying what is wrong
   */
  public static Parts parse(String text, int minPort, String example) {
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT, e.g. " + example);
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]"
          + example.substring(example.lastIndexOf(':')));
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("'" + text + "' has no host, e.g. " + example);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': the port must be a number between " + minPort + " and "
          + MAX_PORT);
    }
    if (port < minPort || port > MAX_PORT) {
      throw new IllegalArgumentException("'" + text + "': the port must be between " + minPort + " and " + MAX_PORT
          + ", got " + port);
    }
    return new Parts(host, port);
  }

  /** {@code host:port}, an IPv6 host in brackets. */
  public static String format(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

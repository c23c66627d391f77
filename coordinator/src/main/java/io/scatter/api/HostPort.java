package io.scatter.api;

/** {@code 127.0.0.1:8080}, {@code localhost:0} or {@code [::1]:8080}: where the API listens. */
public record HostPort(String host, int port) {

  /** @throws IllegalArgumentException one line saying what is wrong with {@code text} */
  public static HostPort parse(String text) {
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT, e.g. 127.0.0.1:8080");
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:8080");
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': the port must be a number between 0 and 65535");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("'" + text + "': the port must be between 0 and 65535, got " + port);
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

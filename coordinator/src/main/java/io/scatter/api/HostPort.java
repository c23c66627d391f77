package io.scatter.api;

import io.scatter.node.util.HostPortText;

/** {@code 127.0.0.1:8080}, {@code localhost:0} or {@code [::1]:8080}: where the API listens. */
public record HostPort(String host, int port) {

  /** @throws IllegalArgumentException one line saying what is wrong with {@code text} */
  public static HostPort parse(String text) {
    HostPortText.Parts parts = HostPortText.parse(text, 0, "127.0.0.1:8080");
    return new HostPort(parts.host(), parts.port());
  }

  @Override
  public String toString() {
    return HostPortText.format(host, port);
  }
}

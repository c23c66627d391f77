package io.scatter.node;

import java.util.ArrayList;
import java.util.List;

/** A {@code HOST:PORT} of a cluster member, as users type it for {@code --seed}. */
public record ClusterAddress(String host, int port) {

  public ClusterAddress {
    if (host.isBlank()) {
      throw new IllegalArgumentException("seed host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
  }

  /** Parses {@code HOST:PORT[,HOST:PORT...]}. */
  public static List<ClusterAddress> parseList(String text) {
    List<ClusterAddress> addresses = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        addresses.add(parse(part.strip()));
      }
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("--seed is empty; expected HOST:PORT[,HOST:PORT...]");
    }
    return addresses;
  }

  public static ClusterAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("seed '" + text + "' is malformed: expected HOST:PORT, e.g. 127.0.0.1:2551");
    }
    try {
      return new ClusterAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed '" + text + "' is malformed: port is not a number");
    }
  }

  /** The Pekko address of the member at this host and port in cluster {@code clusterName}. */
  public String pekkoAddress(String clusterName) {
    return "pekko://" + clusterName + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}

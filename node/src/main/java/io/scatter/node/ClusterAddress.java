package io.scatter.node;

import io.scatter.node.util.HostPortText;
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

  /** One seed: {@code 10.0.0.5:2551}, {@code [fd00::5]:2551}; a wrong one fails naming it as a seed. */
  public static ClusterAddress parse(String text) {
    try {
      HostPortText.Parts parts = HostPortText.parse(text, 1, "127.0.0.1:2551");
      return new ClusterAddress(parts.host(), parts.port());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("seed " + e.getMessage(), e);
    }
  }

  /** The Pekko address of the member at this host and port in cluster {@code clusterName}. */
  public String pekkoAddress(String clusterName) {
    return "pekko://" + clusterName + "@" + this;
  }

  @Override
  public String toString() {
    return HostPortText.format(host, port);
  }
}

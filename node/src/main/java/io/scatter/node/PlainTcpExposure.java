package io.scatter.node;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses a cluster member on plain TCP that listens anywhere but loopback, unless told it is meant.
 * Without TLS, anyone who reaches a member's cluster port can join the cluster, read its traffic and
 * send it any bytes; on loopback that is this machine's users only. The same rule as the job API's,
 * which refuses an address other than loopback without a token file.
 */
public final class PlainTcpExposure {

  /** On: plain TCP is allowed on any address (the flag {@link #FLAG} sets it for one command). */
  public static final String KEY = "scatter.cluster.insecure-plain-tcp";
  public static final String FLAG = "--insecure-plain-tcp";
  private static final String BIND_HOST = "pekko.remote.artery.bind.hostname";

  private PlainTcpExposure() {
  }

  /**
   * Checks a member that others reach at {@code canonicalHost}: it listens there, or at Artery's
   * bind address when {@code config} sets one.
   *
   * @throws IllegalArgumentException one line naming the address and the two ways out
   */
  public static void check(Config config, String canonicalHost) {
    if (ClusterTls.enabled(config) || !config.getString(ClusterTls.KEY).isBlank() || config.getBoolean(KEY)) {
      return;
    }
    String bindHost = config.hasPath(BIND_HOST) ? config.getString(BIND_HOST).strip() : "";
    String listening = bindHost.isEmpty() ? canonicalHost : bindHost;
    if (!isLoopback(listening)) {
      throw new IllegalArgumentException("refusing plain TCP on " + listening + ", which is not a loopback address: "
          + "anyone who reaches it could join the cluster, read its traffic and send it any bytes; use mutual TLS "
          + "(--tls DIR, 'scatter certs' makes it), or pass " + FLAG + " on a network only trusted hosts reach");
    }
  }

  /**
   * Whether a member reached at {@code canonicalHost} talks plain TCP (no TLS) on an address that is
   * not loopback, whether or not {@code insecure-plain-tcp} allowed that: uploaded code is refused on
   * such a cluster all the same, since whoever reaches the port could put code into its traffic.
   */
  public static boolean plainOffLoopback(Config config, String canonicalHost) {
    if (ClusterTls.enabled(config) || !config.getString(ClusterTls.KEY).isBlank()) {
      return false;
    }
    String bindHost = config.hasPath(BIND_HOST) ? config.getString(BIND_HOST).strip() : "";
    return !isLoopback(canonicalHost) || !bindHost.isEmpty() && !isLoopback(bindHost);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // not known to be loopback: refused, and Pekko could not bind it anyway
    }
  }
}

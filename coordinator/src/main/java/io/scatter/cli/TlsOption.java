package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.ClusterTls;
import io.scatter.node.PlainTcpExposure;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --tls DIR}: mutual TLS with the cluster's members, with the certificates {@code scatter certs}
 * made; and {@code --insecure-plain-tcp}, plain TCP on an address other than loopback all the same.
 */
final class TlsOption {

  @Option(names = "--tls", paramLabel = "DIR",
      description = "mutual TLS between cluster members: present DIR/NAME.p12 (a node's --name; coordinators "
          + "'coordinator'), accept only peers signed by the CA of DIR/truststore.p12 ('scatter certs' makes them); "
          + "without it, the folder in scatter.cluster.tls-dir, or plain TCP when that is empty")
  Path dir;

  @Option(names = PlainTcpExposure.FLAG,
      description = "without TLS, listen on an address other than loopback anyway: anyone who reaches the port could "
          + "join the cluster, read its traffic and send it any bytes (default: refused, or "
          + PlainTcpExposure.KEY + ")")
  boolean insecurePlainTcp;

  /** The folder the flag or the setting names, if any. */
  Optional<Path> dir(Config config) {
    return ClusterTls.dir(config, Optional.ofNullable(dir));
  }

  /** {@code config} allowing plain TCP off loopback when the flag says so; unchanged otherwise. */
  Config allowingPlainTcp(Config config) {
    return insecurePlainTcp ? config.withValue(PlainTcpExposure.KEY, ConfigValueFactory.fromAnyRef(true)) : config;
  }

  /** Whether the flag itself was given (the setting aside). */
  boolean given() {
    return dir != null;
  }

  /** {@code config} for {@code member} with the flag's or the setting's TLS folder; unchanged when neither names one. */
  Config configure(Config config, String member) {
    return dir(config).map(folder -> configure(config, folder, member, given() ? "--tls" : ClusterTls.KEY))
        .orElse(config);
  }

  /**
   * {@code config} presenting {@code member}'s key store from {@code folder}; a missing file is bad input.
   *
   * @param source what named the folder, for the message
   */
  static Config configure(Config config, Path folder, String member, String source) {
    try {
      return ClusterTls.configure(config, folder, member);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(source + ": " + e.getMessage());
    }
  }

  /** One line for a member's output: what its wire is. */
  static String describe(Config config) {
    return ClusterTls.presented(config)
        .map(store -> "wire: mutual TLS, presenting " + store + ", accepting only members signed by its CA")
        .orElse("wire: plain TCP, unencrypted and unauthenticated (--tls DIR for mutual TLS)");
  }
}

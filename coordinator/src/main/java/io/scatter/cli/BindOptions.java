package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.ClusterMember;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a node's socket listens when that is not the address others reach it at: behind NAT, or in
 * a container whose published port or address differs from its own. {@code --host}/{@code --port}
 * stay the canonical address, the one other members are told and connect to.
 */
final class BindOptions {

  private static final int MAX_PORT = 65_535;

  @Option(names = "--bind-host", paramLabel = "HOST",
      description = "the local address to listen on when it differs from --host, the address others reach "
          + "this node at (NAT, containers); e.g. 0.0.0.0 (default: --host)")
  String bindHost;

  @Option(names = "--bind-port", paramLabel = "PORT",
      description = "the local port to listen on when it differs from --port, the port others reach (default: --port)")
  Integer bindPort;

  /** {@code base} with Artery's bind address set from the flags given; unchanged without them. */
  Config apply(Config base) {
    if (bindHost != null && bindHost.isBlank()) {
      throw new UserInputException("--bind-host must not be empty");
    }
    if (bindPort != null && (bindPort < 1 || bindPort > MAX_PORT)) {
      throw new UserInputException("--bind-port must be between 1 and " + MAX_PORT + ", got " + bindPort);
    }
    return ClusterMember.bindTo(base, Optional.ofNullable(bindHost).map(String::strip), Optional.ofNullable(bindPort));
  }
}

package io.scatter.cli;

import picocli.CommandLine.Option;

/**
 * Which cluster a node joins and where it listens. Its own words, not {@link ClusterOptions}':
 * a node without {@code --seed} starts a cluster of its own, where a job would look for the local one.
 */
final class NodeClusterOptions extends LocalClusterOptions {

  @Option(names = "--seed", paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "join the cluster through these nodes (default: none, this node seeds a new cluster)")
  String seeds;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "the address this node listens on and others reach it at (default: ${DEFAULT-VALUE})")
  String host;
}

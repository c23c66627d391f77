package io.scatter.cli;

import picocli.CommandLine.Option;

/** Which cluster to use, for the commands that join one: named by seeds, or the local one in the state folder. */
final class ClusterOptions extends LocalClusterOptions {

  @Option(names = "--seed", paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "cluster mode: join through these nodes (default: the local cluster, started if none runs)")
  String seeds;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "cluster mode: the address this JVM listens on (default: ${DEFAULT-VALUE})")
  String host;
}

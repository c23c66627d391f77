package io.scatter.coordinator;

import io.scatter.node.util.EnumLabels;

/** Where partitions run. */
public enum ExecutionMode {
  /** The caller's thread: the baseline. */
  SEQUENTIAL,
  /** A fixed thread pool in this JVM: shared memory, nothing crosses a boundary. */
  THREADS,
  /** Pekko worker actors in this JVM, one dedicated thread each: messages passed by reference. */
  ACTORS,
  /** Worker actors in other JVMs joined by Pekko Cluster: every message serialized and sent over TCP. */
  CLUSTER;

  /** Whether partitions run on worker actors, which may run several of a task that overlaps at once. */
  public boolean usesWorkerActors() {
    return this == ACTORS || this == CLUSTER;
  }

  public String label() {
    return EnumLabels.label(this);
  }

  /** @throws IllegalArgumentException listing the known modes */
  public static ExecutionMode parse(String text) {
    return EnumLabels.parse(ExecutionMode.class, text, "mode");
  }

  public static String labels() {
    return EnumLabels.labels(ExecutionMode.class);
  }
}

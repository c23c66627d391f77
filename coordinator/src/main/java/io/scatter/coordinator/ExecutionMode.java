package io.scatter.coordinator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException listing the known modes */
  public static ExecutionMode parse(String text) {
    for (ExecutionMode mode : values()) {
      if (mode.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + text + "'; expected one of: " + labels());
  }

  public static String labels() {
    return Arrays.stream(values()).map(ExecutionMode::label).collect(Collectors.joining(", "));
  }
}

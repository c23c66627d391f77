package io.scatter.testing;

import io.scatter.localcluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a local cluster's node has logged so far, for a test that waits on a line or shows it in a failure. */
public final class NodeLogs {

  private NodeLogs() {
  }

  /** The node's log; empty while it has none yet (or no longer has one). */
  public static String read(LocalCluster.Node node) {
    try {
      return Files.readString(Path.of(node.log()));
    } catch (IOException e) {
      return "";
    }
  }
}

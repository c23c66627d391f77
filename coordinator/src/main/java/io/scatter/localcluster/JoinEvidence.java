package io.scatter.localcluster;

import io.scatter.node.NodeStatusFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a node {@code cluster up} started has joined, from what it leaves on disk: its status
 * file showing itself Up, or the line {@code scatter node} prints to its log once it is Up. Either
 * proves it. {@code up} used to trust the status file alone, so a node that could not write it (a
 * full disk) was reported as "did not join" under a quote of its log saying it had.
 */
final class JoinEvidence {

  /** What {@code scatter node} prints once it is Up (NodeCommand): "NAME joined cluster 'C' at ...". */
  private static final String JOINED = " joined cluster '";
  /**
   * How much of the log after the start is searched: a node prints a few lines before it joins. One
   * that prints more (a flood of warnings) is judged by its status file alone.
   */
  private static final int LOG_WINDOW = 64 * 1024;

  private JoinEvidence() {
  }

  /**
   * Where the output of a process started now begins in {@code log}: the log is appended to, and an
   * earlier process's lines prove nothing.
   */
  static long logOffset(Path log) {
    try {
      return Files.isRegularFile(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Whether the status file shows the node itself Up (or WeaklyUp, while another member is
   * unreachable). A node writes the file on every membership change, the first while it is still
   * Joining; returning then let a `cluster status` right after `up` show a node "joining".
   */
  static boolean statusShowsItselfUp(Path status) {
    if (!Files.exists(status)) {
      return false;
    }
    try {
      NodeStatusFile.Snapshot view = NodeStatusFile.read(status);
      return view.members().stream()
          .anyMatch(member -> member.address().equals(view.address()) && member.status().endsWith("Up"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code name}'s log, from {@code offset} on ({@link #logOffset} before this process
   * started), has its line saying it joined.
   */
  static boolean logSaysJoined(String name, Path log, long offset) {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      ByteBuffer window = ByteBuffer.allocate((int) Math.min(LOG_WINDOW, Math.max(0, channel.size() - offset)));
      while (window.hasRemaining() && channel.read(window, offset + window.position()) > 0) {
        // Read the window whole.
      }
      String output = new String(window.array(), 0, window.position(), StandardCharsets.UTF_8);
      return output.lines().anyMatch(line -> line.startsWith(name + JOINED));
    } catch (IOException e) {
      return false;
    }
  }
}

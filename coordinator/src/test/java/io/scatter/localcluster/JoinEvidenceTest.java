package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.NodeStatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code cluster up} decides that a node it started has joined. */
final class JoinEvidenceTest {

  private static final String SELF = "pekko://scatter@127.0.0.1:2552";

  @TempDir
  Path dir;

  @Test
  void statusShowsItselfUp_upInItsOwnView_isTrue() throws IOException {
    writeStatus("Up");

    assertTrue(JoinEvidence.statusShowsItselfUp(status()));
  }

  @Test
  void statusShowsItselfUp_stillJoiningOrNoFile_isFalse() throws IOException {
    assertFalse(JoinEvidence.statusShowsItselfUp(status()));
    writeStatus("Joining");

    assertFalse(JoinEvidence.statusShowsItselfUp(status()));
  }

  /** A full disk: no status file could be written, but the node's line made it to its log. */
  @Test
  void logSaysJoined_itsJoinedLine_isTrue() throws IOException {
    Files.writeString(log(), "some startup line\n"
        + "node-2 joined cluster 'scatter' at 127.0.0.1:2552 with 1 worker (pid 42)\n");

    assertTrue(JoinEvidence.logSaysJoined("node-2", log(), 0));
  }

  @Test
  void logSaysJoined_lineOfTheProcessBeforeThisOne_isFalse() throws IOException {
    Files.writeString(log(), "node-2 joined cluster 'scatter' at 127.0.0.1:2552 with 1 worker (pid 41)\n");
    long offset = JoinEvidence.logOffset(log());
    Files.writeString(log(), "starting again\n", StandardOpenOption.APPEND);

    assertFalse(JoinEvidence.logSaysJoined("node-2", log(), offset));
  }

  @Test
  void logSaysJoined_anotherNodesOrARejoinLine_isFalse() throws IOException {
    Files.writeString(log(), String.join("\n", "node-22 joined cluster 'scatter' at 127.0.0.1:2553 with 1 worker (pid 7)",
        "node-2 rejoined cluster 'scatter' at 127.0.0.1:2552 as a new incarnation (uid 9) with 1 worker", ""));

    assertFalse(JoinEvidence.logSaysJoined("node-2", log(), 0));
  }

  @Test
  void logOffset_ofNoLogYet_isZero_andNoLogSaysNothing() {
    assertEquals(0, JoinEvidence.logOffset(log()));
    assertFalse(JoinEvidence.logSaysJoined("node-2", log(), 0));
  }

  private Path status() {
    return NodeStatusFile.path(dir, "node-2");
  }

  private Path log() {
    return dir.resolve("node-2.log");
  }

  private void writeStatus(String selfStatus) throws IOException {
    Files.writeString(status(), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
        new NodeStatusFile.Snapshot("node-2", 42, SELF, 1, List.of(
            new NodeStatusFile.MemberView(SELF, selfStatus, List.of("worker"), true)))));
  }
}

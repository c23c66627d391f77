package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scatter.node.NodeStatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code cluster up} decides that a node it started has joined. */
final class JoinEvidenceTest {

  private static final String SELF = "pekko://scatter@127.0.0.1:2552";

  @TempDir
  Path dir;

  @Test
  void of_statusFileShowingItselfUp_isTheStatusFile() throws IOException {
    writeStatus("Up");

    assertEquals(Optional.of("its status file"), JoinEvidence.of("node-2", status(), log(), 0));
  }

  @Test
  void of_statusFileStillJoiningAndNoLogLine_isNothing() throws IOException {
    writeStatus("Joining");
    Files.writeString(log(), "some startup line\n");

    assertEquals(Optional.empty(), JoinEvidence.of("node-2", status(), log(), 0));
  }

  /** A full disk: no status file could be written, but the node's line made it to its log. */
  @Test
  void of_noStatusFileButItsJoinedLineInItsLog_isTheLog() throws IOException {
    Files.writeString(log(), "node-2 joined cluster 'scatter' at 127.0.0.1:2552 with 1 worker (pid 42)\n");

    assertEquals(Optional.of("its log"), JoinEvidence.of("node-2", status(), log(), 0));
  }

  @Test
  void of_joinedLineOfTheProcessBeforeThisOne_isNothing() throws IOException {
    Files.writeString(log(), "node-2 joined cluster 'scatter' at 127.0.0.1:2552 with 1 worker (pid 41)\n");
    long offset = JoinEvidence.logOffset(log());
    Files.writeString(log(), "starting again\n", StandardOpenOption.APPEND);

    assertEquals(Optional.empty(), JoinEvidence.of("node-2", status(), log(), offset));
  }

  @Test
  void of_anotherNodesOrARejoinLine_isNothing() throws IOException {
    Files.writeString(log(), String.join("\n", "node-22 joined cluster 'scatter' at 127.0.0.1:2553 with 1 worker (pid 7)",
        "node-2 rejoined cluster 'scatter' at 127.0.0.1:2552 as a new incarnation (uid 9) with 1 worker", ""));

    assertEquals(Optional.empty(), JoinEvidence.of("node-2", status(), log(), 0));
  }

  @Test
  void logOffset_ofNoLogYet_isZero() {
    assertEquals(0, JoinEvidence.logOffset(log()));
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

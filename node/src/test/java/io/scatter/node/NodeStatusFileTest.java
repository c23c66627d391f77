package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A node's status file when it cannot be written: a full disk costs a line in the log, not one a second. */
final class NodeStatusFileTest {

  @TempDir
  Path dir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Logger log;

  @BeforeEach
  void captureTheLog() {
    log = (Logger) LoggerFactory.getLogger("NodeStatusFileTest-" + System.nanoTime());
    log.setAdditive(false);
    log.setLevel(Level.WARN);
    logged.start();
    log.addAppender(logged);
  }

  @Test
  void write_failingOnEveryRefresh_logsOnceWithTheCause_thenOnceWhenItWorksAgain() throws IOException {
    // A state "folder" that is a file: every write fails, as on a full disk, without needing one.
    Path stateDir = Files.writeString(dir.resolve("state"), "");
    NodeStatusFile status = NodeStatusFile.open(stateDir, "node-1", log, Ticker.system());

    for (int refresh = 0; refresh < 5; refresh++) {
      status.write(snapshot(refresh));
    }

    assertEquals(1, logged.list.size(), messages().toString());
    assertEquals(Level.WARN, logged.list.get(0).getLevel());
    assertTrue(messages().get(0).startsWith("cannot write " + stateDir.resolve("node-1.status.json") + ": Not a directory"),
        messages().get(0));

    Files.delete(stateDir);
    Files.createDirectory(stateDir);
    status.write(snapshot(5));
    status.write(snapshot(6));

    assertEquals(2, logged.list.size(), messages().toString());
    assertEquals("wrote " + stateDir.resolve("node-1.status.json") + " again after 5 failed attempts", messages().get(1));
    assertEquals(6, NodeStatusFile.read(NodeStatusFile.path(stateDir, "node-1")).updatedMillis());
  }

  @Test
  void open_removesTheTemporaryFilesAnEarlierProcessOfThisNodeLeft() throws IOException {
    Files.writeString(dir.resolve("node-1.status.json.123.tmp"), "");
    Files.writeString(dir.resolve("node-2.status.json.456.tmp"), "");

    NodeStatusFile.open(dir, "node-1", log, Ticker.system()).write(snapshot(1));

    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of("node-1.status.json", "node-2.status.json.456.tmp"),
          entries.map(entry -> entry.getFileName().toString()).sorted().toList(), "node-2's are node-2's to clean");
    }
    assertFalse(logged.list.stream().anyMatch(event -> event.getLevel() == Level.WARN), messages().toString());
  }

  private static NodeStatusFile.Snapshot snapshot(long updatedMillis) {
    return new NodeStatusFile.Snapshot("node-1", 1, "pekko://scatter@127.0.0.1:1", updatedMillis, List.of());
  }

  private List<String> messages() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}

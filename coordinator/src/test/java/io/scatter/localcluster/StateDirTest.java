package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary files scatter writes its JSON files through, in the state folder. */
final class StateDirTest {

  @TempDir
  Path dir;

  @Test
  void isScattersFile_temporaryFilesOfClusterJsonAndStatusFiles_ofThisVersionAndTheOneBefore() {
    assertTrue(StateDir.isScattersFile("cluster.json.8273645.tmp"));
    assertTrue(StateDir.isScattersFile("node-2.status.json.8273645.tmp"));
    assertTrue(StateDir.isScattersFile("node-28273645.tmp"));
    assertFalse(StateDir.isScattersFile("notes.json.1.tmp"));
  }

  @Test
  void prepare_removesTheTemporaryFilesOfAnEarlierClusterAndNothingElse() throws IOException {
    for (String name : List.of("cluster.json", "cluster.json.1.tmp", "node-1.status.json.2.tmp", "node-13.tmp",
        "node-1.log")) {
      Files.writeString(dir.resolve(name), "{}");
    }

    StateDir.prepare(dir);

    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of("cluster.json", "node-1.log"),
          entries.map(entry -> entry.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void clean_keepsTheJournalOnlyWhenAsked_andOtherwiseRemovesItWithTheFolder(@TempDir Path parent) throws IOException {
    Path kept = Files.createDirectories(parent.resolve("kept").resolve(StateDir.JOURNAL));
    Files.writeString(kept.resolve("journal.mv.db"), "h2");
    assertTrue(StateDir.clean(kept.getParent(), true, true).orElseThrow().contains("kept the job journal"));
    assertTrue(Files.exists(kept.resolve("journal.mv.db")));
    assertEquals(List.of(), StateDir.foreignEntries(kept.getParent()), "a kept journal is scatter's: up may reuse the folder");

    Path gone = Files.createDirectories(parent.resolve("gone").resolve(StateDir.JOURNAL));
    Files.writeString(gone.resolve("journal.mv.db"), "h2");
    assertTrue(StateDir.clean(gone.getParent(), true, false).isEmpty());
    assertFalse(Files.exists(gone.getParent()));
  }
}

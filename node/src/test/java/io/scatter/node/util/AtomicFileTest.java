package io.scatter.node.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full disk itself is in coordinator's FullDiskTest; here a writer that fails as a full disk does, midway. */
final class AtomicFileTest {

  @TempDir
  Path dir;

  @Test
  void write_replacesTheFileWholeAndLeavesOnlyIt() throws IOException {
    Path file = dir.resolve("node-1.status.json");
    Files.writeString(file, "old");

    AtomicFile.write(file, "new".getBytes(StandardCharsets.UTF_8));

    assertEquals("new", Files.readString(file));
    assertEquals(List.of("node-1.status.json"), names());
  }

  @Test
  void write_contentFailsMidway_keepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("node-1.status.json");
    Files.writeString(file, "old");

    for (int attempt = 0; attempt < 3; attempt++) {
      IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
        out.write("half a sta".getBytes(StandardCharsets.UTF_8));
        throw new IOException("No space left on device");
      }));
      assertEquals("No space left on device", e.getMessage());
    }

    assertEquals("old", Files.readString(file));
    assertEquals(List.of("node-1.status.json"), names(), "no temporary file from any of the three attempts");
  }

  @Test
  void write_contentThrowsUnchecked_leavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("cluster.json");

    assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
      throw new IllegalStateException("serializer bug");
    }));

    assertEquals(List.of(), names());
  }

  @Test
  void isTempOf_onlyTheTemporaryFilesOfThatName() {
    assertTrue(AtomicFile.isTempOf("node-1.status.json.123456789.tmp", "node-1.status.json"));
    assertFalse(AtomicFile.isTempOf("node-1.status.json.123456789.tmp", "node-1"));
    assertFalse(AtomicFile.isTempOf("node-11.status.json.1.tmp", "node-1.status.json"));
    assertFalse(AtomicFile.isTempOf("node-1.status.json.x1.tmp", "node-1.status.json"));
    assertTrue(AtomicFile.tempPattern("cluster\\.json").matcher("cluster.json.42.tmp").matches());
  }

  @Test
  void deleteStaleTemps_removesThatFilesTemporaryFilesOnly() throws IOException {
    Path file = dir.resolve("node-1.status.json");
    for (String name : List.of("node-1.status.json.1.tmp", "node-1.status.json.22.tmp", "node-2.status.json.3.tmp",
        "node-1.status.json", "notes.tmp")) {
      Files.writeString(dir.resolve(name), "");
    }

    AtomicFile.deleteStaleTemps(file);

    assertEquals(List.of("node-1.status.json", "node-2.status.json.3.tmp", "notes.tmp"), names());
  }

  @Test
  void reason_ofAFileSystemException_isTheSystemsWordsWithoutTheFile() {
    assertEquals("No space left on device",
        AtomicFile.reason(new FileSystemException("/x/cluster.json", null, "No space left on device")));
    assertEquals("No space left on device", AtomicFile.reason(new IOException("No space left on device")));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
    }
  }
}

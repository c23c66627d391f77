package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scatter.testing.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster.json} on a really full disk (a tmpfs the test mounts; skipped where it cannot). */
final class LocalClusterWriteTest {

  @TempDir
  Path dir;

  @Test
  void write_onAFullDisk_keepsTheRecordThereWasAndSaysWhyInOneLine() throws IOException {
    try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "1m")) {
      Path state = disk.dir().resolve("state");
      LocalCluster before = new LocalCluster("before", List.of(), true);
      before.write(state);
      disk.fill();

      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new LocalCluster("after", List.of(), true).write(state));

      assertEquals("cannot write " + state.resolve("cluster.json") + ": No space left on device", e.getMessage());
      assertEquals("before", LocalCluster.read(state).orElseThrow().clusterName(), "the old record, whole");
      try (Stream<Path> entries = Files.list(state)) {
        assertEquals(List.of("cluster.json"), entries.map(entry -> entry.getFileName().toString()).toList(),
            "no temporary file left");
      }
    }
  }
}

package io.scatter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temp folders a test made, removed when it is done so a suite run leaves nothing behind. */
public final class TestDirs {

  private TestDirs() {
  }

  /** Deletes {@code dir} and everything below it, deepest first; a folder already gone is fine. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove test folder " + dir, e);
    }
  }
}

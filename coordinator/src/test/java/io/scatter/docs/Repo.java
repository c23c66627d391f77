package io.scatter.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: README.md, docs/ and conf/ live above the module's folder. */
public final class Repo {

  private Repo() {
  }

  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve(".ci/run"))) {
        return dir;
      }
    }
    throw new AssertionError("no README.md with a .ci/run beside it above " + Path.of("").toAbsolutePath());
  }
}

package io.scatter.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders readable by their owner only, with the permissions given when they are
 * created: a key is never, even for a moment, in a file others may read. A new file is never
 * written over an existing one.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {
  }

  /** Creates {@code dir} (and missing parents) owner-only if it does not exist; an existing one is left as it is. */
  static void folder(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.createDirectory(dir, attributes(FOLDER));
  }

  /** Opens a new file, owner-only from its creation; fails if {@code file} exists. */
  public static OutputStream create(Path file) throws IOException {
    Files.createFile(file, attributes(FILE));
    return Files.newOutputStream(file);
  }

  /** Whether {@code path} can be read or written by anyone but its owner. */
  static boolean othersMayRead(Path path) throws IOException {
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    return permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
  }

  private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
  }
}

package io.scatter.node.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Replaces a small file whole: the content goes to a temporary file beside it, which is then
 * renamed over it, so a reader sees the old file or the new one, never half of one. The temporary
 * file ({@code NAME.DIGITS.tmp}) is deleted when anything fails: on a full disk creating it still
 * succeeds (it needs no data block) and writing it does not, and a node refreshing its status every
 * second left one empty temporary file per attempt behind.
 */
public final class AtomicFile {

  /** What goes into the file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final String SUFFIX = ".tmp";

  private AtomicFile() {
  }

  /** Writes {@code content} to {@code file}, replacing it; on failure the file is as it was and no temporary file is left. */
  public static void write(Path file, Content content) throws IOException {
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", SUFFIX);
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        content.writeTo(out);
      }
      // No fsync: these files describe processes that a reboot ends anyway.
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  public static void write(Path file, byte[] content) throws IOException {
    write(file, out -> out.write(content));
  }

  /** Whether {@code fileName} is a temporary file {@link #write} makes for a file named {@code target}. */
  public static boolean isTempOf(String fileName, String target) {
    return fileName.startsWith(target + ".") && fileName.endsWith(SUFFIX)
        && fileName.substring(target.length() + 1, fileName.length() - SUFFIX.length()).matches("\\d+");
  }

  /** The pattern of {@link #write}'s temporary files for targets matching {@code target} (a regex). */
  public static Pattern tempPattern(String target) {
    return Pattern.compile("(" + target + ")\\.\\d+" + Pattern.quote(SUFFIX));
  }

  /**
   * Deletes the temporary files a writer of {@code file} left when its process died between
   * creating one and renaming it. Only for a writer that knows no other process writes that file.
   */
  public static void deleteStaleTemps(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String target = file.getFileName().toString();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
        entry -> isTempOf(entry.getFileName().toString(), target))) {
      entries.forEach(AtomicFile::deleteQuietly);
    } catch (IOException e) {
      // A folder that cannot be listed has no temporary files we could remove either.
    }
  }

  /**
   * The cause of {@code e} in a few words, as the system said it ("No space left on device"),
   * without the file name a {@link FileSystemException} repeats in its message.
   */
  public static String reason(IOException e) {
    String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
    return reason == null ? e.getClass().getSimpleName() : reason;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing more can be done about it here; the next cleanup tries again.
    }
  }
}

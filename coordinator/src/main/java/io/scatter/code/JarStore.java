package io.scatter.code;

import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarDigest;
import io.scatter.protocol.TaskRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.zip.ZipInputStream;

/**
 * A coordinator's uploaded jars, content-addressed: each stored once as {@code <sha-256>.jar} in
 * its folder, whoever uploads it and however often. An upload is written under a temporary name
 * while its digest is computed, then renamed to it, so a name always has its bytes; past
 * {@code scatter.jobs.max-jar-size} or {@code max-jars} it is refused with one line, and nothing is
 * kept of it. Thread-safe: the API's connections upload at once.
 */
public final class JarStore {

  private static final int BUFFER_BYTES = 64 * 1024;

  /** What an upload came to. {@code added} is false when the store had the jar already. */
  public record Stored(String digest, long bytes, boolean added) { }

  private final Path dir;
  private final long maxJarBytes;
  private final int maxJars;

  public JarStore(Path dir, long maxJarBytes, int maxJars) {
    this.dir = dir;
    this.maxJarBytes = maxJarBytes;
    this.maxJars = maxJars;
  }

  public static JarStore of(CodeSettings settings) {
    return new JarStore(settings.store(), settings.maxJarBytes(), settings.maxJars());
  }

  public Path dir() {
    return dir;
  }

  /**
   * Stores the jar read from {@code in} (which the caller closes).
   *
   * @throws IllegalArgumentException one line: too large, not a jar, or the store is full
   * @throws IOException              when the disk fails
   */
  public Stored put(InputStream in) throws IOException {
    Files.createDirectories(dir);
    Path part = Files.createTempFile(dir, "upload.", ".part");
    try {
      MessageDigest sha = JarDigest.sha256();
      long bytes = 0;
      try (OutputStream out = Files.newOutputStream(part)) {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) > 0; ) {
          bytes += n;
          if (bytes > maxJarBytes) {
            throw new IllegalArgumentException("the jar is over the limit of " + maxJarBytes
                + " bytes (scatter.jobs.max-jar-size)");
          }
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      requireJar(part);
      String digest = JarDigest.hex(sha);
      Path file = dir.resolve(digest + ".jar");
      synchronized (this) {
        if (Files.isRegularFile(file)) {
          return new Stored(digest, bytes, false);
        }
        long count = count();
        if (count >= maxJars) {
          throw new IllegalArgumentException("the coordinator holds " + count + " jars, its limit (scatter.jobs.max-jars):"
              + " remove unused ones from " + dir);
        }
        try {
          Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(part, file);
        }
      }
      return new Stored(digest, bytes, true);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Where jar {@code digest} is; checked against its digest when its set is loaded ({@code JarSets}). */
  public Path file(String digest) {
    Path file = dir.resolve(TaskRef.requireDigest(digest) + ".jar");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no jar " + digest + " was uploaded to this coordinator: POST it to /jars"
          + " first (scatter submit --jar FILE does)");
    }
    return file;
  }

  private long count() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long count = 0;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path ignored : jars) {
        count++;
      }
    }
    return count;
  }

  /** A jar is a zip with at least one entry: anything else would only fail later, at load, less clearly. */
  private static void requireJar(Path file) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      if (zip.getNextEntry() == null) {
        throw new IllegalArgumentException("the upload is not a jar: a jar is a zip file of classes");
      }
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException("the upload is not a jar: " + e.getMessage());
    }
  }
}

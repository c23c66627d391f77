package io.scatter.code;

import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarDigest;
import io.scatter.protocol.TaskRef;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator's uploaded jars, content-addressed: each stored once as {@code <sha-256>.jar} in
 * its folder, whoever uploads it and however often. An upload is written under a temporary name
 * while its digest is computed, then renamed to it, so a name always has its bytes; past
 * {@code scatter.jobs.max-jar-size} or {@code max-jars} it is refused with one line, and nothing is
 * kept of it. Thread-safe: the API's connections upload at once.
 *
 * <p>A jar's file time says when it was last used: uploaded (again), named by a job submitted, or
 * served by a running job (which {@linkplain #touch marks} its jars so, a few times per
 * {@code scatter.jobs.jar-store-idle}). An upload first deletes the jars unused for that long: the
 * store grows only by uploads, so it needs no sweeper of its own.
 */
public final class JarStore {

  private static final int BUFFER_BYTES = 64 * 1024;

  /** What an upload came to. {@code added} is false when the store had the jar already. */
  public record Stored(String digest, long bytes, boolean added) { }

  private static final Logger LOG = LoggerFactory.getLogger(JarStore.class);

  private final Path dir;
  private final long maxJarBytes;
  private final int maxJars;
  private final Duration idle;
  private final Ticker ticker;

  /** @param ticker its wall clock stamps and ages the jars */
  public JarStore(Path dir, long maxJarBytes, int maxJars, Duration idle, Ticker ticker) {
    this.dir = dir;
    this.maxJarBytes = maxJarBytes;
    this.maxJars = maxJars;
    this.idle = idle;
    this.ticker = ticker;
  }

  public static JarStore of(CodeSettings settings) {
    return new JarStore(settings.store(), settings.maxJarBytes(), settings.maxJars(), settings.jarStoreIdle(),
        Ticker.system());
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
          stamp(file);
          return new Stored(digest, bytes, false);
        }
        deleteUnused();
        long count = count();
        if (count >= maxJars) {
          throw new IllegalArgumentException("the coordinator holds " + count + " jars, its limit (scatter.jobs.max-jars):"
              + " remove unused ones from " + dir);
        }
        stamp(part);
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
      throw new IllegalArgumentException("no jar " + digest + " is in this coordinator's store (never uploaded, or"
          + " deleted unused after scatter.jobs.jar-store-idle): POST it to /jars first (scatter submit --jar FILE does)");
    }
    return file;
  }

  /**
   * Marks the jar used now: a job names it, or runs with it.
   *
   * @throws IllegalArgumentException one line when the store no longer has it
   */
  public synchronized void touch(String digest) {
    Path file = file(digest);
    try {
      stamp(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("jar " + digest + " cannot be marked used in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the jars unused for {@code scatter.jobs.jar-store-idle}. @return how many */
  public synchronized int deleteUnused() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    FileTime oldest = FileTime.from(ticker.instant().minus(idle));
    int deleted = 0;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path jar : jars) {
        if (Files.getLastModifiedTime(jar).compareTo(oldest) < 0 && Files.deleteIfExists(jar)) {
          deleted++;
          LOG.info("deleted {}: unused for over {} (scatter.jobs.jar-store-idle)", jar.getFileName(), idle);
        }
      }
    }
    return deleted;
  }

  private void stamp(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(ticker.instant()));
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

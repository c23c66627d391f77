package io.scatter.node.code;

import io.scatter.protocol.JarCommand;
import io.scatter.protocol.TaskRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's jars, fetched once from the coordinator of the first job that needed each and kept on
 * disk by digest ({@code <digest>.jar}), so a node restarted or offered the jar again fetches
 * nothing. A jar is written under a temporary name, checked against its digest, and only then
 * renamed into place: a file under a digest's name always has those bytes (unless changed behind
 * scatter's back, which {@link JarSets} notices). The workers of a node that want the same jar at
 * once fetch it once.
 */
public final class JarCache {

  /** Asks the job's coordinator for one chunk; throws {@link IllegalArgumentException} saying why none came. */
  @FunctionalInterface
  public interface ChunkSource {
    JarCommand.JarChunk chunk(String digest, long offset);
  }

  private final Path dir;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public JarCache(Path dir) {
    this.dir = dir;
  }

  /** Where jar {@code digest} is, when this node has it. */
  public Path file(String digest) {
    Path file = dir.resolve(TaskRef.requireDigest(digest) + ".jar");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("jar " + digest + " is not in this node's cache (" + dir + ")");
    }
    return file;
  }

  public boolean has(String digest) {
    return Files.isRegularFile(dir.resolve(TaskRef.requireDigest(digest) + ".jar"));
  }

  /**
   * The jar, fetched through {@code source} unless this node has it already.
   *
   * @throws IllegalArgumentException one line naming the jar and why it could not be had: the
   *     coordinator refused or did not answer, the bytes do not match the digest, the disk is full
   */
  public Path fetch(String digest, ChunkSource source) {
    TaskRef.requireDigest(digest);
    synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
      if (has(digest)) {
        return file(digest);
      }
      Path part = null;
      try {
        Files.createDirectories(dir);
        part = Files.createTempFile(dir, digest + ".", ".part");
        MessageDigest sha = JarDigest.sha256();
        long offset = 0;
        long size;
        try (OutputStream out = Files.newOutputStream(part)) {
          do {
            JarCommand.JarChunk chunk;
            try {
              chunk = source.chunk(digest, offset);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("jar " + digest + " could not be fetched: " + e.getMessage(), e);
            }
            if (chunk.failed()) {
              throw new IllegalArgumentException("jar " + digest + " could not be fetched: " + chunk.error());
            }
            if (chunk.offset() != offset || chunk.bytes().length == 0 && offset < chunk.size()) {
              throw new IllegalArgumentException("jar " + digest + " could not be fetched: a chunk from "
                  + chunk.offset() + " answered a request from " + offset);
            }
            out.write(chunk.bytes());
            sha.update(chunk.bytes());
            offset += chunk.bytes().length;
            size = chunk.size();
          } while (offset < size);
        }
        String actual = JarDigest.hex(sha);
        if (!actual.equals(digest)) {
          throw new IllegalArgumentException("jar " + digest + " is refused: the " + offset + " bytes fetched hash to "
              + actual + ", not to its name");
        }
        Path file = dir.resolve(digest + ".jar");
        try {
          Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
        part = null;
        return file;
      } catch (IOException e) {
        throw new IllegalArgumentException("jar " + digest + " could not be written to " + dir + ": " + e, e);
      } finally {
        if (part != null) {
          try {
            Files.deleteIfExists(part);
          } catch (IOException ignored) {
            // A stray .part file is never read: only <digest>.jar is.
          }
        }
      }
    }
  }
}

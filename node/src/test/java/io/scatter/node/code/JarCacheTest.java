package io.scatter.node.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.JarCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's jar cache: fetched in chunks, checked against the digest before it is kept, fetched once. */
final class JarCacheTest {

  private static final byte[] JAR = "PK... pretend these are a jar's bytes, long enough for three chunks"
      .getBytes(StandardCharsets.UTF_8);
  private static final int CHUNK = 25;

  @TempDir
  Path dir;

  /** Serves {@code bytes} in chunks, as a job's coordinator does. */
  private static JarCache.ChunkSource serving(byte[] bytes, AtomicInteger asked) {
    return (digest, offset) -> {
      asked.incrementAndGet();
      int end = (int) Math.min(bytes.length, offset + CHUNK);
      return new JarCommand.JarChunk(digest, offset, bytes.length, Arrays.copyOfRange(bytes, (int) offset, end), "");
    };
  }

  @Test
  void fetch_missingJar_fetchesItInChunksAndKeepsItByDigest() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    String digest = JarDigest.of(JAR);

    Path file = new JarCache(dir).fetch(digest, serving(JAR, asked));

    assertEquals(dir.resolve(digest + ".jar"), file);
    assertArrayEquals(JAR, Files.readAllBytes(file));
    assertEquals(3, asked.get());
  }

  @Test
  void fetch_jarAlreadyCached_asksNothing() {
    AtomicInteger asked = new AtomicInteger();
    String digest = JarDigest.of(JAR);
    new JarCache(dir).fetch(digest, serving(JAR, asked));

    new JarCache(dir).fetch(digest, serving(JAR, asked));

    assertEquals(3, asked.get(), "a second cache over the same folder (a restarted node) fetched nothing");
  }

  @Test
  void fetch_bytesNotMatchingTheDigest_areRefusedAndNotKept() throws Exception {
    String digest = JarDigest.of(JAR);
    byte[] tampered = JAR.clone();
    tampered[3] ^= 1;

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new JarCache(dir).fetch(digest, serving(tampered, new AtomicInteger())));

    assertTrue(e.getMessage().startsWith("jar " + digest + " is refused: the " + JAR.length + " bytes fetched hash to "),
        e.getMessage());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "neither the jar nor its partial download is left");
    }
  }

  @Test
  void fetch_coordinatorRefuses_saysWhyNamingTheJar() {
    String digest = JarDigest.of(JAR);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JarCache(dir).fetch(digest,
        (jar, offset) -> JarCommand.JarChunk.refused(jar, "this job's coordinator has no jar " + jar)));

    assertEquals("jar " + digest + " could not be fetched: this job's coordinator has no jar " + digest, e.getMessage());
    assertFalse(new JarCache(dir).has(digest));
  }
}

package io.scatter.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.testing.ManualTicker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator's jar store deletes the jars nobody used for its idle time, at the next upload. */
final class JarStoreTest {

  private static final Duration IDLE = Duration.ofDays(7);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final long MAX_BYTES = 1 << 20;

  @TempDir
  Path dir;

  private final ManualTicker ticker = new ManualTicker();

  private JarStore store(int maxJars) {
    return new JarStore(dir, MAX_BYTES, maxJars, IDLE, ticker);
  }

  private static byte[] jar(String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("README.txt");
      entry.setTime(0); // the same bytes each time it is made: an entry's time would change the digest
      zip.putNextEntry(entry);
      zip.write(name.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static JarStore.Stored put(JarStore store, String name) throws IOException {
    return store.put(new ByteArrayInputStream(jar(name)));
  }

  private boolean stored(JarStore.Stored jar) {
    return Files.isRegularFile(dir.resolve(jar.digest() + ".jar"));
  }

  @Test
  void put_afterAJarWentUnusedForTheIdleTime_deletesIt_andKeepsTheNewOne() throws IOException {
    JarStore store = store(10);
    JarStore.Stored old = put(store, "old");
    ticker.advance(IDLE.plus(HOUR));

    JarStore.Stored fresh = put(store, "fresh");

    assertFalse(stored(old), "unused for over the idle time");
    assertTrue(stored(fresh));
  }

  @Test
  void put_jarUsedByAJobWithinTheIdleTime_isKept() throws IOException {
    JarStore store = store(10);
    JarStore.Stored used = put(store, "used");
    ticker.advance(IDLE.minus(HOUR));
    store.touch(used.digest()); // a job named it
    ticker.advance(HOUR.multipliedBy(2));

    put(store, "another");

    assertTrue(stored(used), "used an hour ago");
  }

  @Test
  void put_jarUploadedAgainWithinTheIdleTime_isKept() throws IOException {
    JarStore store = store(10);
    JarStore.Stored jar = put(store, "twice");
    ticker.advance(IDLE.minus(HOUR));
    assertFalse(put(store, "twice").added());
    ticker.advance(HOUR.multipliedBy(2));

    put(store, "another");

    assertTrue(stored(jar));
  }

  @Test
  void put_fullStore_makesRoomByDeletingUnusedJarsBeforeRefusing() throws IOException {
    JarStore store = store(1);
    JarStore.Stored old = put(store, "old");
    IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> put(store, "too many"));
    assertTrue(full.getMessage().contains("scatter.jobs.max-jars"), full.getMessage());
    ticker.advance(IDLE.plus(HOUR));

    JarStore.Stored fresh = put(store, "fresh");

    assertFalse(stored(old));
    assertTrue(stored(fresh));
  }

  @Test
  void touch_jarNoLongerStored_isRefusedNamingIt() throws IOException {
    JarStore store = store(10);
    JarStore.Stored jar = put(store, "gone");
    Files.delete(dir.resolve(jar.digest() + ".jar"));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.touch(jar.digest()));

    assertTrue(e.getMessage().startsWith("no jar " + jar.digest() + " is in this coordinator's store"), e.getMessage());
  }

  @Test
  void deleteUnused_storeNeverWrittenTo_deletesNothing() throws IOException {
    assertEquals(0, new JarStore(dir.resolve("none"), MAX_BYTES, 1, IDLE, ticker).deleteUnused());
  }
}

package io.scatter.node.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.node.HandTicker;
import io.scatter.task.TaskRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jar sets kept while used, dropped after their idle time, closed when every holder released them. */
final class JarSetsTest {

  private static final Duration IDLE = Duration.ofMinutes(10);
  private static final String RESOURCE = "README.txt";

  @TempDir
  Path dir;

  private final AtomicLong nanos = new AtomicLong();
  private JarSets sets;
  private List<String> jars;

  @BeforeEach
  void jarAndSets() throws IOException {
    Path part = dir.resolve("one.part");
    try (OutputStream out = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry entry = new ZipEntry(RESOURCE);
      entry.setTime(0); // the same bytes each time it is made: an entry's time would change the digest
      zip.putNextEntry(entry);
      zip.write("a jar of no task".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    String digest = JarDigest.of(part);
    Files.move(part, dir.resolve(digest + ".jar"));
    jars = List.of(digest);
    sets = new JarSets(d -> dir.resolve(d + ".jar"), IDLE, new HandTicker(nanos::get), getClass().getClassLoader());
  }

  private void pass(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Test
  void release_thenIdleTime_dropsTheSetAndClosesItsLoader_andTheNextAcquireLoadsItAgain() {
    TaskRegistry first = sets.acquire(jars);
    JarSetLoader loader = sets.loader(jars).orElseThrow();
    assertNotNull(loader.getResource(RESOURCE), "an open loader finds the jar's files");
    sets.release(jars);
    pass(IDLE.minusNanos(1));
    assertEquals(0, sets.sweep(), "not yet idle for the whole time");

    pass(Duration.ofNanos(1));
    assertEquals(1, sets.sweep());

    assertTrue(sets.loader(jars).isEmpty(), "dropped");
    assertNull(loader.getResource(RESOURCE), "closed: its jar file is let go");
    TaskRegistry again = sets.acquire(jars);
    assertNotSame(first, again, "loaded afresh");
    assertNotNull(sets.loader(jars).orElseThrow().getResource(RESOURCE));
  }

  @Test
  void acquire_heldSet_isKeptPastTheIdleTime_untilItsLastHolderReleasesIt() {
    sets.acquire(jars);
    sets.acquire(jars); // two workers serving jobs of the same jars
    pass(IDLE.multipliedBy(3));
    sets.release(jars);
    pass(IDLE.multipliedBy(3));

    assertEquals(0, sets.sweep(), "one holder is left");
    sets.release(jars);
    pass(IDLE);
    assertEquals(1, sets.sweep());
  }

  @Test
  void acquire_withinTheIdleTimeOfARelease_sharesTheLoadedSet() {
    TaskRegistry first = sets.acquire(jars);
    sets.release(jars);
    pass(IDLE.dividedBy(2));

    assertSame(first, sets.acquire(jars));
  }

  @Test
  void tasksOf_setNeverHeld_isDroppedAfterTheIdleTime_butNotClosed() {
    sets.tasksOf(jars); // a coordinator's: its running job may still load classes from it
    JarSetLoader loader = sets.loader(jars).orElseThrow();
    pass(IDLE);

    assertEquals(1, sets.sweep());
    assertNotNull(loader.getResource(RESOURCE), "still open for whoever holds its classes");
  }
}

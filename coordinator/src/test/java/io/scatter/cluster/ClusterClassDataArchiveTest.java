package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster up} makes its JVMs' class-data archive once, in the background, and every later
 * {@code up} maps it; a corrupt archive costs a start nothing but the archive. A child JVM runs
 * {@code up}, as a user's shell would: the suite's own archive option (pom.xml) is not in its
 * configuration, so its cluster makes one of its own, in a folder of the test's.
 */
final class ClusterClassDataArchiveTest {

  private static final Duration UP_LIMIT = Duration.ofSeconds(90);
  /** The dump of a node's classes takes 5-10 s of one core; a loaded machine stretches it. */
  private static final Duration DUMP_LIMIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void firstUpMakesTheArchiveOnceLaterUpsMapItAndACorruptOneDoesNotStopAStart() throws Exception {
    Path cache = dir.resolve("cache");
    Path state = dir.resolve("state");
    try {
      up(cache, state);
      Path archive = Eventually.awaitFound(DUMP_LIMIT, () -> "an archive in " + cache + ": " + listing(cache),
          () -> archives(cache).stream().findFirst());
      assertTrue(Files.size(archive) > 0, "the archive has classes in it");
      down(state);
      FileTime made = Files.getLastModifiedTime(archive);

      String second = up(cache, state);
      assertTrue(second.contains("Opened archive " + archive) && second.contains("Mapped static"),
          "node-1 maps the archive: " + second);
      assertFalse(second.contains("UseSharedSpaces:"), "node-1 did not drop the archive: " + second);
      String arguments = Files.readString(Path.of("/proc",
          Long.toString(LocalCluster.read(state).orElseThrow().nodes().get(0).pid()), "cmdline"));
      assertTrue(arguments.contains("-XX:SharedArchiveFile=" + archive), arguments);
      down(state);
      assertEquals(made, Files.getLastModifiedTime(archive), "the second up made no archive again");
      assertEquals(1, archives(cache).size(), listing(cache));

      // Cut in half, as a full disk would leave it had it not been renamed into place whole. (JDK 17's
      // -Xlog:cds crashes on a file shorter than an archive's header; without that log it ignores one.)
      byte[] whole = Files.readAllBytes(archive);
      Files.delete(archive);
      Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
      String corrupt = up(cache, state);
      assertTrue(corrupt.contains("UseSharedSpaces:"), "node-1 says it runs without the archive: " + corrupt);
      assertTrue(LocalCluster.read(state).orElseThrow().nodes().get(0).isAlive());
    } finally {
      down(state);
    }
  }

  /** {@code cluster up} of one node in a child JVM; returns node-1's log, with the JVM's own CDS lines. */
  private String up(Path cache, Path state) throws IOException, InterruptedException {
    try (ChildJvm up = ChildJvm.start(dir, List.of("-Dscatter.cluster.class-data-dir=" + cache), "cluster", "up",
        "--no-coordinator", "--nodes", "1", "--workers", "1", "--state-dir", state.toString(), "--cluster-name",
        "cds-test", "--jvm-option=-Xlog:cds=info")) {
      assertEquals(0, up.waitFor(UP_LIMIT), up.output());
    }
    return Files.readString(state.resolve("node-1.log"));
  }

  private static void down(Path state) {
    NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
  }

  private static List<Path> archives(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    // One folder per jar and JDK, its archive at the top: a walk deeper failed when the dump removed a
    // class list between the listing and the look at it.
    try (Stream<Path> folders = Files.list(cache)) {
      return folders.map(folder -> folder.resolve("classes.jsa")).filter(Files::isRegularFile).toList();
    }
  }

  private static String listing(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return "(none)";
    }
    try (Stream<Path> files = Files.walk(cache)) {
      return files.map(Path::toString).toList().toString();
    } catch (UncheckedIOException e) {
      return "(changing: " + e.getCause() + ")";
    }
  }
}

package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.scatter.node.ClusterSettings;
import io.scatter.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data cache keeps a folder per jar and JDK, and does not keep those nobody uses. */
final class ClassDataCacheTest {

  @TempDir
  Path dir;

  @Test
  void aPlanRemovesTheFoldersOfOtherJarsUnusedForLong_andKeepsRecentOnesTheLaunchersAndStrangers() throws Exception {
    Path root = Files.createDirectories(dir.resolve("cache"));
    Path stale = Files.createDirectories(root.resolve("17-1a2b3c4d"));
    Files.write(stale.resolve("classes.jsa"), new byte[1024]);
    oldFolder(stale, Duration.ofDays(8)); // after its file: a file made in a folder dates the folder
    Path staleNegativeHash = oldFolder(root.resolve("25-ffe01234"), Duration.ofDays(30));
    Path recent = oldFolder(root.resolve("17-0badcafe"), Duration.ofDays(6));
    Path launchers = oldFolder(root.resolve("cli-12345"), Duration.ofDays(30));
    Path strangers = oldFolder(root.resolve("notes"), Duration.ofDays(30));
    Path jar = Files.write(dir.resolve("scatter.jar"), new byte[] {'P', 'K'});

    ClassDataCache.Plan plan = ClassDataCache.plan(settings(root), List.of(), jar.toString(), () -> "fallback");

    Path inUse = plan.folder().orElseThrow();
    assertEquals(root, inUse.getParent());
    assertTrue(Files.isRegularFile(inUse.resolve("scatter.jar")), "the jar runs from a copy in its folder");
    assertFalse(Files.exists(stale), "unused for 8 days, over the 7 configured");
    assertFalse(Files.exists(staleNegativeHash));
    assertTrue(Files.isDirectory(recent), "used 6 days ago");
    assertTrue(Files.isDirectory(launchers), "the launcher prunes its own");
    assertTrue(Files.isDirectory(strangers), "not scatter's");
  }

  @Test
  void theFolderInUseCountsAsUsedAtEachPlan_soALongRunningSetUpIsNeverPruned() throws Exception {
    Path root = Files.createDirectories(dir.resolve("cache"));
    Path jar = Files.write(dir.resolve("scatter.jar"), new byte[] {'P', 'K'});
    Path inUse = ClassDataCache.plan(settings(root), List.of(), jar.toString(), () -> "fallback").folder().orElseThrow();
    Files.setLastModifiedTime(inUse, FileTime.from(Instant.now().minus(Duration.ofDays(9))));

    ClassDataCache.plan(settings(root), List.of(), jar.toString(), () -> "fallback");

    assertTrue(Files.isRegularFile(inUse.resolve("scatter.jar")));
    assertTrue(Files.getLastModifiedTime(inUse).toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(1))),
        "marked as used now");
  }

  private static Path oldFolder(Path folder, Duration age) throws Exception {
    Files.createDirectories(folder);
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
    return folder;
  }

  private static ClusterSettings settings(Path root) {
    return ClusterSettings.from(ConfigFactory.parseString("scatter.cluster { class-data-dir = \"" + root
        + "\", class-data-unused-for = 7d }").withFallback(TestConfig.load()).resolve());
  }
}

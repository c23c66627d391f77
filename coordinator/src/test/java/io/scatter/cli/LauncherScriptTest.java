package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scatter.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code deploy/scatter} launcher, run with bash as a user would. Its JAVA_HOME is a stand-in
 * {@code java} that prints its arguments, so the test sees what the script does without a JVM.
 */
final class LauncherScriptTest {

  private static final Path SCRIPT = Path.of("..", "deploy", "scatter").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void missingJarInScatterClasspathIsNamedOnStderr() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isRegularFile(SCRIPT), "bash and " + SCRIPT);
    Path present = Files.createFile(dir.resolve("tasks.jar"));
    Path missing = dir.resolve("typo.jar");

    Result run = launch(present + ":" + missing);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("scatter: warning: " + missing + " (in SCATTER_CLASSPATH) does not exist; ignored"),
        run.err().lines().toList());
    assertEquals(1, run.out().lines().filter(line -> line.contains(present + ":" + missing)).count(),
        "the classpath is passed on as given: " + run.out());
  }

  @Test
  void existingEntriesInScatterClasspathGiveNoWarning() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isRegularFile(SCRIPT), "bash and " + SCRIPT);
    Path jar = Files.createFile(dir.resolve("tasks.jar"));
    Path lib = Files.createDirectory(dir.resolve("lib"));

    Result run = launch(jar + ":" + lib + "/*");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
  }

  /**
   * A JDK 17 (its release file says so) and the jar alone: the first start lists its classes, the next
   * dumps the archive in the background from the lists and a training run's (leaving out the lambda proxies'
   * "@" lines, on which JDK 17's dump crashes) and the one after maps it. The stand-in java makes the
   * archive file when asked to dump and keeps the class list it was given, and lists a class when run as
   * the training run.
   */
  @Test
  void startsListClassesThenDumpAnArchiveOnceThenMapIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isExecutable(Path.of("/usr/bin/setsid"))
        && Files.isRegularFile(SCRIPT), "bash, setsid and " + SCRIPT);
    Files.createDirectories(dir.resolve("jdk"));
    Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");
    Path cache = dir.resolve("cache");

    Result first = launch(null, cache);
    String list = argument(first.out(), "-XX:DumpLoadedClassList=");
    assertTrue(list.startsWith(cache.resolve("scatter/class-data") + "/cli-"), first.out());
    Path archiveDir = Path.of(list).getParent();
    Files.writeString(Path.of(list), "java/lang/Object id: 0\n@lambda-proxy a/B c\nio/scatter/cli/Scatter id: 1\n");

    // Other jars' folders: one whose archive nobody read for ten days, one read today though made then,
    // one a dump failed in ten days ago, one a dump failed in today.
    Path root = archiveDir.getParent();
    Path unused = oldFolder(root.resolve("cli-1"), true, true);
    Path readToday = oldFolder(root.resolve("cli-2"), true, false);
    Path failedLongAgo = oldFolder(root.resolve("cli-3"), false, true);
    Path failedToday = Files.createDirectories(root.resolve("cli-4"));

    Result second = launch(null, cache);
    assertFalse(second.out().contains("SharedArchiveFile"), "this start runs as usual: " + second.out());
    Path archive = archiveDir.resolve("classes.jsa");
    Eventually.await(Duration.ofSeconds(20), () -> "the archive in " + archiveDir, () -> Files.isRegularFile(archive)
        && !Files.exists(archiveDir.resolve("dumping")));
    // The first command's classes, then the training run's (listed by the dump before it dumps), each once.
    assertEquals(List.of("java/lang/Object", "io/scatter/cli/Scatter", "io/scatter/cli/ClassDataTraining"),
        Files.readAllLines(archiveDir.resolve("dumped.txt")));
    assertFalse(Files.exists(Path.of(list)), "the lists are gone once dumped");
    Eventually.await(Duration.ofSeconds(20), () -> "unused folders removed: " + unused + ", " + failedLongAgo,
        () -> !Files.exists(unused) && !Files.exists(failedLongAgo));
    assertTrue(Files.isRegularFile(readToday.resolve("classes.jsa")) && Files.isDirectory(failedToday),
        "folders used or made lately stay");

    Result third = launch(null, cache);
    assertEquals(archive.toString(), argument(third.out(), "-XX:SharedArchiveFile="), third.out());
    // Where it was made to be mapped: relocated at every start, it cost each command 0.1 s.
    assertEquals("0", argument(third.out(), "-XX:ArchiveRelocationMode="), third.out());
    assertEquals("", third.err());
  }

  @Test
  void classDataOffStartsWithNeitherListNorArchive() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isRegularFile(SCRIPT), "bash and " + SCRIPT);
    Files.createDirectories(dir.resolve("jdk"));
    Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");

    Result run = launch(null, dir.resolve("cache"), "SCATTER_CLASS_DATA", "off");

    assertFalse(run.out().contains("-XX:DumpLoadedClassList") || run.out().contains("SharedArchiveFile"), run.out());
    assertFalse(Files.exists(dir.resolve("cache/scatter")), "nothing is made in the cache");
  }

  /** C2 would compile start-up code a control command never runs again; a command that computes keeps it. */
  @Test
  void controlCommandsRunOnC1Alone_commandsThatComputeKeepC2() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isRegularFile(SCRIPT), "bash and " + SCRIPT);
    Path cache = dir.resolve("cache");
    for (List<String> control : List.of(List.of("cluster", "down"), List.of("jobs"), List.of("submit", "--task", "spin"),
        List.of("--help"))) {
      Result run = launch(control, null, cache, "SCATTER_CLASS_DATA", "off");
      assertTrue(run.out().contains(" -XX:TieredStopAtLevel=1 "), control + ": " + run.out());
    }
    for (List<String> computing : List.of(List.of("run", "--task", "spin"), List.of("compare"), List.of("node"),
        List.of("coordinator"), List.of("demo"))) {
      Result run = launch(computing, null, cache, "SCATTER_CLASS_DATA", "off");
      assertFalse(run.out().contains("TieredStopAtLevel"), computing + ": " + run.out());
    }
  }

  /**
   * A folder made ten days ago, with an archive if {@code withArchive}, last read ten days ago if
   * {@code unread} (else now).
   */
  private static Path oldFolder(Path folder, boolean withArchive, boolean unread) throws IOException {
    FileTime tenDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(10)));
    Files.createDirectories(folder);
    if (withArchive) {
      Path archive = Files.writeString(folder.resolve("classes.jsa"), "archive");
      Files.getFileAttributeView(archive, BasicFileAttributeView.class)
          .setTimes(tenDaysAgo, unread ? tenDaysAgo : FileTime.from(Instant.now()), null);
    }
    Files.setLastModifiedTime(folder, tenDaysAgo);
    return folder;
  }

  private static String argument(String javaLine, String prefix) {
    return javaLine.lines().flatMap(line -> List.of(line.split(" ")).stream()).filter(word -> word.startsWith(prefix))
        .map(word -> word.substring(prefix.length())).findFirst().orElseThrow(() -> new AssertionError(
            "no " + prefix + " in: " + javaLine));
  }

  private record Result(int exitCode, String out, String err) { }

  private Result launch(String scatterClasspath) throws IOException, InterruptedException {
    return launch(scatterClasspath, dir.resolve("cache"));
  }

  /** @param scatterClasspath SCATTER_CLASSPATH, or null for none; {@code env}: more variables, name then value */
  private Result launch(String scatterClasspath, Path cache, String... env) throws IOException, InterruptedException {
    return launch(List.of("--version"), scatterClasspath, cache, env);
  }

  /** @param args the scatter command the launcher is given */
  private Result launch(List<String> args, String scatterClasspath, Path cache, String... env)
      throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
    // Prints its arguments; asked to dump an archive, keeps the class list and makes the archive file.
    // Written once: the launcher's archive is per JDK, known by its java's size and time.
    Path java = bin.resolve("java");
    if (!Files.exists(java)) {
      Files.writeString(java, String.join("\n", "#!/bin/sh", "echo \"java $*\"",
          "case \"$*\" in *-Xshare:dump*) cp merged.txt dumped.txt && touch making.jsa ;; esac",
          "case \"$*\" in *DumpLoadedClassList=classes-run.lst*io.scatter.cli.ClassDataTraining*) echo 'io/scatter/cli/ClassDataTraining id: 2' > classes-run.lst ;; esac",
          ""));
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path jar = dir.resolve("scatter.jar");
    if (!Files.exists(jar)) {
      Files.createFile(jar);
    }
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    builder.environment().put("SCATTER_JAR", jar.toString());
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().remove("SCATTER_CLASS_DATA");
    if (scatterClasspath != null) {
      builder.environment().put("SCATTER_CLASSPATH", scatterClasspath);
    } else {
      builder.environment().remove("SCATTER_CLASSPATH");
    }
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    builder.environment().remove("JAVA_OPTS");
    Process process = builder.start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("launcher still running after 30 s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      process.destroyForcibly();
    }
  }
}

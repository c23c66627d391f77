package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private record Result(int exitCode, String out, String err) { }

  private Result launch(String scatterClasspath) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
    Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.createFile(dir.resolve("scatter.jar"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "--version")
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    builder.environment().put("SCATTER_JAR", jar.toString());
    builder.environment().put("SCATTER_CLASSPATH", scatterClasspath);
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

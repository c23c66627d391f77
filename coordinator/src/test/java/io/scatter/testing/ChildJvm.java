package io.scatter.testing;

import io.scatter.localcluster.NodeLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM running the scatter command line on the test classpath. Output goes to a file
 * so a chatty child never blocks on a full pipe; {@link #close()} kills it (and its descendants)
 * if it is still running, so no test leaves a JVM behind.
 */
public final class ChildJvm implements AutoCloseable {

  /** What a child JVM may take to print what a test awaits, on a loaded machine: JVM start and a job begun. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private final Process process;
  private final Path output;

  private ChildJvm(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static ChildJvm start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = command(jvmOptions, args);
    Path output = Files.createTempFile(workDir, "child-", ".log");
    Process process = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    return new ChildJvm(process, output);
  }

  /** The command line of a child JVM running the scatter command line with {@code args}, on the test classpath. */
  public static List<String> command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // What the suite gives every JVM it starts (pom.xml), read as cluster up reads it for its nodes.
    command.addAll(NodeLauncher.configuredJvmOptions(Optional.empty()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.scatter.cli.Scatter");
    command.addAll(List.of(args));
    return command;
  }

  /** Waits for the child to exit; kills it and fails if it takes longer than {@code timeout}. */
  public int waitFor(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("child JVM still running after " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Waits until the child's output holds {@code text}; fails if the child exits first. */
  public void awaitOutput(String text) throws InterruptedException {
    Eventually.await(PATIENCE, () -> "the child JVM to print '" + text + "'; output:\n" + output(), () -> {
      if (output().contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError("child JVM exited (" + process.exitValue() + ") before printing '" + text
            + "'; output:\n" + output());
      }
      return false;
    });
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  public void interrupt() throws IOException, InterruptedException {
    int kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    if (kill != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " exited " + kill);
    }
  }

  public String output() throws IOException {
    return Files.readString(output);
  }

  /** How many bytes the child has written so far, without reading them (a flooded log can be gigabytes). */
  public long outputSize() throws IOException {
    return Files.size(output);
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

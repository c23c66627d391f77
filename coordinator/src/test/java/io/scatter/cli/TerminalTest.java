package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scatter.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar's default: drawn when stderr is a terminal, also with stdout in a file, and
 * never when stderr is not a terminal; {@code --progress} and {@code --no-progress} override it.
 * Real child JVMs, on a pseudo-terminal from {@code script} or with stderr in a file.
 */
final class TerminalTest {

  private static final Path DEV_TTY = Path.of("/dev/tty");
  private static final long CHILD_SECONDS = 120;
  /** A short job; the bar draws its first frame at the start, so even this one shows it. */
  private static final List<String> RUN = List.of("run", "--mode", "sequential", "--task", "primes", "--range",
      "0..100000", "--partitions", "4");
  /** What only the bar draws: the mode's label after a carriage return. */
  private static final String BAR = "\rsequential [";

  @TempDir
  Path dir;

  @Test
  void isTerminal_linkToATerminalDevice_isTrue() throws IOException {
    assumeTrue(Files.exists(DEV_TTY), "this machine has no /dev/tty to point a link at");

    assertTrue(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("2"), DEV_TTY), () -> false));
  }

  @Test
  void isTerminal_linkToDevNullOrAFile_isFalse() throws IOException {
    Path file = Files.writeString(dir.resolve("log"), "");

    assertFalse(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null")), () -> true));
    assertFalse(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("file"), file), () -> true));
    assertFalse(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("gone"), Path.of("/dev/pts/99999")),
        () -> true), "a terminal device that is not there");
  }

  @Test
  void isTerminal_noLinkToRead_asksTheFallback() throws IOException {
    Path notALink = Files.writeString(dir.resolve("plain"), "");

    assertTrue(Terminal.isTerminal(notALink, () -> true));
    assertFalse(Terminal.isTerminal(notALink, () -> false));
    assertTrue(Terminal.isTerminal(dir.resolve("missing"), () -> true));
  }

  @Test
  void run_stderrInAFile_drawsNoBar() throws Exception {
    Output output = runRedirected(RUN);

    assertTrue(output.stdout().contains("9592"), output.stdout());
    assertFalse(output.stderr().contains("\r"), "no bar: " + output.stderr());
  }

  @Test
  void run_stderrInAFileWithProgressBar_drawsTheBar() throws Exception {
    Output output = runRedirected(with(RUN, "--progress=bar"));

    assertTrue(output.stderr().contains(BAR), "the flag overrides: " + output.stderr());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void run_stderrOnATerminalStdoutInAFile_drawsTheBar() throws Exception {
    Output output = runOnTerminal(RUN);

    assertTrue(output.stdout().contains("9592"), output.stdout());
    assertTrue(output.stderr().contains(BAR), "the bar on the terminal: " + output.stderr());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void run_stderrOnATerminalWithNoProgress_drawsNoBar() throws Exception {
    Output output = runOnTerminal(with(RUN, "--no-progress"));

    assertTrue(output.stdout().contains("9592"), output.stdout());
    assertFalse(output.stderr().contains("\r"), "the flag overrides: " + output.stderr());
  }

  /** What the child wrote to stdout, and to stderr (on a terminal: everything the terminal showed). */
  private record Output(String stdout, String stderr) { }

  private Output runRedirected(List<String> args) throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process child = new ProcessBuilder(ChildJvm.command(List.of(), args.toArray(String[]::new)))
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    await(child, err);
    return new Output(Files.readString(out), Files.readString(err));
  }

  /**
   * The child on a pseudo-terminal that {@code script} opens, its stdout redirected to a file: the
   * terminal then shows stderr alone, and {@code script} copies it to its own stdout.
   */
  private Output runOnTerminal(List<String> args) throws Exception {
    assumeTrue(hasScript(), "no 'script' (util-linux) on this machine to open a pseudo-terminal");
    Path out = dir.resolve("stdout");
    Path terminal = dir.resolve("terminal");
    String command = ChildJvm.command(List.of(), args.toArray(String[]::new)).stream().map(TerminalTest::quoted)
        .collect(Collectors.joining(" ")) + " > " + quoted(out.toString());
    Process script = new ProcessBuilder("script", "--quiet", "--return", "--command", command, "/dev/null")
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(terminal.toFile())
        .redirectErrorStream(true)
        .start();
    await(script, terminal);
    return new Output(Files.readString(out), Files.readString(terminal));
  }

  private static void await(Process process, Path log) throws Exception {
    if (!process.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("the child still ran after " + CHILD_SECONDS + " s: " + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), Files.readString(log));
  }

  private static boolean hasScript() {
    try {
      return new ProcessBuilder("script", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> with(List<String> args, String extra) {
    List<String> all = new ArrayList<>(args);
    all.add(extra);
    return all;
  }

  /** One word for sh: in single quotes, a single quote in it as '\''. */
  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}

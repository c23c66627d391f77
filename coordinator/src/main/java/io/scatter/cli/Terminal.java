package io.scatter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether stderr is a terminal: where the progress bar is drawn unless a flag says otherwise.
 * Java 17 cannot ask that of stderr alone: {@code System.console()} is null as soon as stdout is
 * redirected ({@code scatter run ... > answer.txt} on a terminal), and from JDK 22 it may be there
 * when nothing is a terminal. On Linux the kernel says where descriptor 2 goes: {@code /proc/self/fd/2}
 * links to the terminal's device ({@code /dev/pts/3}, {@code /dev/tty1}), or to a file or a pipe.
 * Where there is no {@code /proc} (macOS, Windows), {@code System.console()} decides.
 */
final class Terminal {

  private static final Path STDERR = Path.of("/proc/self/fd/2");
  /** Terminal devices: pseudo-terminals, virtual consoles and serial lines, the system console. */
  private static final List<String> TERMINAL_DEVICES = List.of("/dev/pts/", "/dev/tty", "/dev/console");
  /** {@code st_mode}'s file type bits, and the type of a character device (stat(2)). */
  private static final int FILE_TYPE = 0170000;
  private static final int CHARACTER_DEVICE = 0020000;

  private Terminal() {
  }

  /** Whether this process's stderr is a terminal. */
  static boolean stderrIsTerminal() {
    return isTerminal(STDERR, () -> System.console() != null);
  }

  /**
   * Whether the descriptor link {@code fd} points at a terminal: a character device among the
   * terminal devices ({@code /dev/null} is a character device too, and no terminal).
   *
   * @param fd       an entry of {@code /proc/self/fd}
   * @param fallback what decides when {@code fd} is no link (no {@code /proc} here)
   */
  static boolean isTerminal(Path fd, BooleanSupplier fallback) {
    Path target;
    try {
      target = Files.readSymbolicLink(fd);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return fallback.getAsBoolean();
    }
    String device = target.toString();
    return TERMINAL_DEVICES.stream().anyMatch(device::startsWith) && isCharacterDevice(target);
  }

  private static boolean isCharacterDevice(Path device) {
    try {
      return ((Integer) Files.getAttribute(device, "unix:mode") & FILE_TYPE) == CHARACTER_DEVICE;
    } catch (UnsupportedOperationException e) {
      return true; // no unix view to ask: the device's name has to do
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return false; // gone, or not to be looked at: nothing to draw on
    }
  }
}

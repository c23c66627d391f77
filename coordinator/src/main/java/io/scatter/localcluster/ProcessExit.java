package io.scatter.localcluster;

import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a local cluster's JVM has ended, as soon as it has. A node or coordinator that
 * {@code cluster up} started outlives the command that started it, so its parent is init, and until
 * init reaps it an exited JVM is a zombie that {@link ProcessHandle#isAlive()} still calls alive
 * (some inits reap every second or two: a sandbox's measured 1.5-1.9 s). For a process that is not
 * its child, {@link ProcessHandle#onExit()} polls no more often than every 300 ms, rising. Both
 * stretched {@code cluster down}; a zombie has exited (its memory, ports and files are released,
 * and a signal to it does nothing), so it counts as ended here.
 */
public final class ProcessExit {

  /** How often a wait looks: a JVM's exit is seen within this, at the cost of a read of /proc. */
  private static final Duration POLL = Duration.ofMillis(20);

  private ProcessExit() {
  }

  /** Whether the process has ended: gone, or exited and not yet reaped. */
  public static boolean ended(ProcessHandle handle) {
    return !handle.isAlive() || zombie(handle.pid());
  }

  /**
   * Waits until the process has ended or the ticker passes {@code deadlineNanos}.
   *
   * @return whether it ended
   */
  public static boolean await(ProcessHandle handle, long deadlineNanos, Ticker ticker) {
    while (!ended(handle)) {
      long remaining = deadlineNanos - ticker.read();
      if (remaining <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), remaining / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ended(handle);
      }
    }
    return true;
  }

  /** Linux's state letter in /proc/PID/stat is Z; false where there is no /proc (the JDK's view then stands). */
  static boolean zombie(long pid) {
    try {
      return zombieStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code PID (COMMAND) STATE ...}: the command may hold spaces and parentheses, so the last ')' ends it. */
  static boolean zombieStat(String stat) {
    int end = stat.lastIndexOf(')');
    return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
  }
}

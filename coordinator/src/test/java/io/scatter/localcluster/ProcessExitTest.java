package io.scatter.localcluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scatter.time.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real processes: a zombie (exited, its parent not reaping it), a live one, a gone one. */
final class ProcessExitTest {

  private static final Ticker TICKER = Ticker.system();

  @Test
  void exitedButUnreapedProcess_hasEnded_thoughTheJdkCallsItAlive() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc on this system: zombies are not told apart");
    // sh starts a short sleep, prints its pid and becomes a long sleep that never reaps it: a zombie.
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 30").start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      ProcessHandle child = ProcessHandle.of(Long.parseLong(out.readLine().strip())).orElseThrow();

      assertTrue(ProcessExit.await(child, TICKER.read() + Duration.ofSeconds(10).toNanos(), TICKER),
          "the exited child is seen ended well before its parent's 30 s");
      assertTrue(child.isAlive(), "unreaped, the JDK still reports it alive: what this class is for");
      assertTrue(ProcessExit.ended(child));
    } finally {
      parent.destroyForcibly();
      parent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void liveProcess_hasNotEnded_andTheWaitGivesUpAtItsDeadline() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertFalse(ProcessExit.ended(sleeper.toHandle()));
      assertFalse(ProcessExit.await(sleeper.toHandle(), TICKER.read() + Duration.ofMillis(100).toNanos(), TICKER));
    } finally {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
    assertTrue(ProcessExit.ended(sleeper.toHandle()), "killed and reaped");
  }

  @Test
  void zombieStat_readsTheStateAfterACommandNameWithParenthesesAndSpaces() {
    assertTrue(ProcessExit.zombieStat("4711 (odd) name (x)) Z 1 4711 4711 0 -1"));
    assertFalse(ProcessExit.zombieStat("4711 (java) S 1 4711 4711 0 -1"));
    assertFalse(ProcessExit.zombieStat("4711 (Z) S 1"), "a command named Z is not a state");
    assertFalse(ProcessExit.zombieStat("garbage"));
  }

  @Test
  void zombie_thisJvmAndANonexistentPid_no() {
    assertFalse(ProcessExit.zombie(ProcessHandle.current().pid()), "this JVM runs");
    assertFalse(ProcessExit.zombie(Long.MAX_VALUE), "no such process");
  }
}

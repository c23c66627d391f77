package io.scatter.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.localcluster.LocalCluster;
import io.scatter.protocol.FaultAnswer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos signals a local node's process only when it is verifiably that node: the pid alive and
 * started when the node did. Otherwise the node is sent the control message, and the process
 * holding the pid now (a real {@code sleep} here) is left alone.
 */
final class ClusterNodeFaultsTest {

  private static final String ADDRESS = "127.0.0.1:2551";

  private Process process;
  private final List<String> messages = new ArrayList<>();
  /** What the node answers a message; none by default, which counts as carried out. */
  private CompletableFuture<FaultAnswer> answer = CompletableFuture.failedFuture(new TimeoutException("no answer"));

  @BeforeEach
  void startProcess() throws IOException {
    process = new ProcessBuilder("sleep", "60").start();
  }

  @AfterEach
  void stopProcess() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  private ClusterNodeFaults faults(Long startedMillis) {
    LocalCluster local = new LocalCluster("chaos", List.of(
        new LocalCluster.Node("node-1", process.pid(), startedMillis, "127.0.0.1", 2551, 1, "node-1.log")), true);
    return new ClusterNodeFaults(() -> Map.of("node-1", ADDRESS), Map::of, Optional.of(local), (address, command) -> {
      messages.add(address + " " + command.apply(null).getClass().getSimpleName());
      return answer;
    });
  }

  @Test
  void randomCandidatesAreTheNodesHoldingWork_orEveryLiveNodeWhenNoneDoes() {
    Map<String, String> live = Map.of("node-2", "127.0.0.1:2552", "node-1", ADDRESS);
    AtomicReference<Map<String, String>> busy = new AtomicReference<>(Map.of("node-2", "127.0.0.1:2552"));
    try (ClusterNodeFaults faults = new ClusterNodeFaults(() -> live, busy::get, Optional.empty(),
        (address, command) -> answer)) {
      assertEquals(List.of("node-2"), faults.randomCandidates());
      busy.set(Map.of());
      assertEquals(List.of("node-1", "node-2"), faults.randomCandidates());
    }
  }

  private long startedMillis() {
    return process.info().startInstant().orElseThrow().toEpochMilli();
  }

  @Test
  void killOfANodeWhosePidIsAnotherProcessSendsTheMessageInstead() throws Exception {
    try (ClusterNodeFaults faults = faults(startedMillis() - 60_000)) {
      faults.kill("node-1");
    }
    assertEquals(List.of(ADDRESS + " Halt"), messages);
    assertFalse(process.waitFor(300, TimeUnit.MILLISECONDS), "the process holding the pid got no SIGKILL");
  }

  @Test
  void freezeOfANodeRecordedWithoutStartTimeSendsTheMessageInstead() throws Exception {
    try (ClusterNodeFaults faults = faults(null)) {
      faults.freeze("node-1", Duration.ofSeconds(30));
      assertEquals(List.of(ADDRESS + " Freeze"), messages);
      // Sleeping, or running for a moment on a loaded machine: anything but stopped (T).
      assertNotEquals("T", processState(), "the process holding the pid got no SIGSTOP");
    }
  }

  @Test
  void aNodesRefusalIsTheFaultsAnswer_andNoAnswerCountsAsCarriedOut() throws Exception {
    try (ClusterNodeFaults faults = faults(null)) {
      assertEquals(Optional.empty(), faults.cutoff("node-1", Duration.ofSeconds(5)).toCompletableFuture().get());
      answer = CompletableFuture.completedFuture(new FaultAnswer.Refused("node-1", "fault injection is off on node-1"));
      assertEquals(Optional.of("fault injection is off on node-1"),
          faults.kill("node-1").toCompletableFuture().get());
      answer = CompletableFuture.completedFuture(new FaultAnswer.Obeyed("node-1"));
      assertEquals(Optional.empty(), faults.freeze("node-1", Duration.ofSeconds(5)).toCompletableFuture().get());
    }
    assertEquals(List.of(ADDRESS + " Cutoff", ADDRESS + " Halt", ADDRESS + " Freeze"), messages);
  }

  @Test
  void killOfAVerifiedLocalNodeSignalsItsProcess() throws Exception {
    try (ClusterNodeFaults faults = faults(startedMillis())) {
      faults.kill("node-1");
    }
    assertTrue(process.waitFor(5, TimeUnit.SECONDS), "SIGKILLed");
    assertEquals(List.of(), messages);
  }

  /** The state letter in /proc/PID/stat: S sleeping, T stopped. */
  private String processState() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  }
}

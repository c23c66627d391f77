package io.scatter.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.coordinator.JobEvent;
import io.scatter.coordinator.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

final class ChaosMonkeyTest {

  /** Records what it was asked to do instead of doing it. */
  private static class RecordingFaults implements NodeFaults {
    final List<String> actions = new ArrayList<>();
    final Map<String, String> nodes = Map.of("node-1", "127.0.0.1:2551", "node-2", "127.0.0.1:2552");

    @Override
    public List<String> workerNodes() {
      return List.copyOf(nodes.keySet());
    }

    @Override
    public String address(String node) {
      return nodes.get(node);
    }

    @Override
    public synchronized CompletionStage<Optional<String>> kill(String node) {
      actions.add("kill " + node);
      return answer(node);
    }

    @Override
    public synchronized CompletionStage<Optional<String>> freeze(String node, Duration duration) {
      actions.add("freeze " + node + " " + duration.toMillis());
      return answer(node);
    }

    @Override
    public synchronized CompletionStage<Optional<String>> cutoff(String node, Duration duration) {
      actions.add("cutoff " + node + " " + duration.toMillis());
      return answer(node);
    }

    /** Carried out at once; a subclass makes nodes refuse. */
    CompletionStage<Optional<String>> answer(String node) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }

  @Test
  void injectsEachFaultOnceWhenProgressReachesItsPoint() {
    RecordingFaults faults = new RecordingFaults();
    List<Long> passedOn = new ArrayList<>();
    ProgressListener next = (done, total) -> passedOn.add(done);
    ChaosMonkey monkey = new ChaosMonkey(List.of(FaultSpec.parse("kill:node-1@50%"),
        FaultSpec.parse("freeze:node-2@20%:3s")), faults, next, new Random(1));
    for (long done = 1; done <= 10; done++) {
      monkey.onProgress(done, 10);
    }
    monkey.close();
    assertEquals(List.of("freeze node-2 3000", "kill node-1"), faults.actions);
    assertEquals(10, passedOn.size(), "progress still reaches the progress bar");
    List<InjectedFault> injected = monkey.injected();
    assertEquals(0.2, injected.get(0).progress(), 1e-9);
    assertEquals("127.0.0.1:2551", injected.get(1).address());
  }

  @Test
  void aRandomTargetIsDrawnFromTheNodesHoldingWork() {
    RecordingFaults faults = new RecordingFaults() {
      @Override
      public List<String> randomCandidates() {
        return List.of("node-2");
      }
    };
    List<FaultSpec> kills = List.of(FaultSpec.parse("kill:RANDOM@10%"), FaultSpec.parse("kill:RANDOM@50%"),
        FaultSpec.parse("kill:RANDOM@90%"));
    ChaosMonkey monkey = new ChaosMonkey(kills, faults, ProgressListener.NONE, new Random(7));
    for (long done = 1; done <= 10; done++) {
      monkey.onProgress(done, 10);
    }
    monkey.close();
    assertEquals(List.of("kill node-2", "kill node-2", "kill node-2"), faults.actions, "node-1 holds nothing");
  }

  @Test
  void aFaultThatCannotBeCarriedOutIsReportedNotThrown() {
    RecordingFaults faults = new RecordingFaults() {
      @Override
      public String address(String node) {
        throw new IllegalArgumentException("no reachable worker node named '" + node + "'");
      }
    };
    ChaosMonkey monkey = new ChaosMonkey(List.of(FaultSpec.parse("kill:node-9@0%"), FaultSpec.parse("kill:node-1@0%")),
        faults, ProgressListener.NONE, new Random(1));
    monkey.onProgress(0, 10);
    monkey.close();
    assertTrue(faults.actions.isEmpty(), "no node is signalled when its address cannot be found: " + faults.actions);
    assertEquals(2, monkey.injected().size(), "every fault is reported, the second too");
    assertEquals("no reachable worker node named 'node-9'", monkey.injected().get(0).error());
    assertEquals("no reachable worker node named 'node-1'", monkey.injected().get(1).error());
  }

  @Test
  void aRefusedFaultIsReportedAsRefusedInItsPlace_evenWhenItsAnswerCameLast() {
    CompletableFuture<Optional<String>> refusal = new CompletableFuture<>();
    RecordingFaults faults = new RecordingFaults() {
      @Override
      CompletionStage<Optional<String>> answer(String node) {
        return node.equals("node-1") ? refusal : super.answer(node);
      }
    };
    ChaosMonkey monkey = new ChaosMonkey(List.of(FaultSpec.parse("cutoff:node-1@10%:5s"),
        FaultSpec.parse("kill:node-2@20%")), faults, ProgressListener.NONE, new Random(1));
    monkey.onProgress(1, 10);
    monkey.onProgress(2, 10);
    CompletableFuture.runAsync(() -> refusal.complete(Optional.of("fault injection is off on node-1")),
        CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));
    monkey.close();

    List<InjectedFault> injected = monkey.injected();
    assertEquals(List.of("node-1", "node-2"), injected.stream().map(InjectedFault::node).toList());
    assertEquals("fault injection is off on node-1", injected.get(0).refusal());
    assertNull(injected.get(1).refusal());
    FaultTimeline timeline = FaultTimeline.of(injected, List.of(), 0, 0, 1.0, null);
    java.io.StringWriter text = new java.io.StringWriter();
    timeline.print(new java.io.PrintWriter(text, true));
    assertTrue(text.toString().contains("cutoff:node-1@10%:5000ms on node-1 at ") && text.toString().contains(
        "refused by the node, nothing happened: fault injection is off on node-1"), text.toString());
    assertTrue(text.toString().contains("1 of 2 faults refused by its node"), text.toString());
    assertNull(timeline.faults().get(0).detectedAfter());
  }

  @Test
  void aFaultTheNodeFaultsUndoAtTheRunsEnd_isRecordedAsEndingWithTheRun() {
    RecordingFaults faults = new RecordingFaults() {
      @Override
      public boolean endsWithTheRun(FaultSpec.Kind kind, String node) {
        return kind == FaultSpec.Kind.FREEZE;
      }
    };
    ChaosMonkey monkey = new ChaosMonkey(List.of(FaultSpec.parse("freeze:node-1@10%:5s"),
        FaultSpec.parse("cutoff:node-2@20%:5s")), faults, ProgressListener.NONE, new Random(1));
    monkey.onProgress(1, 10);
    monkey.onProgress(2, 10);
    monkey.close();

    assertEquals(List.of(true, false), monkey.injected().stream().map(InjectedFault::endsWithTheRun).toList());
  }

  @Test
  void timelineLinesUpDetectionAndRedispatchOfTheFaultedNode() {
    long start = 1_000_000_000L;
    InjectedFault kill = new InjectedFault(FaultSpec.parse("kill:node-2@40%"), "node-2", "127.0.0.1:2552",
        start + 1_000_000_000L, 0.4, null);
    List<JobEvent> events = List.of(
        new JobEvent.WorkerLost(start + 500_000_000L, "pekko://s@127.0.0.1:2551/user/worker-1", "stopped", List.of(1L)),
        new JobEvent.WorkerLost(start + 3_000_000_000L, "pekko://s@127.0.0.1:2552/user/worker-1", "is unreachable",
            List.of(7L, 8L)),
        new JobEvent.Redispatched(start + 3_100_000_000L, "pekko://s@127.0.0.1:2551/user/worker-1", List.of(8L)));
    FaultTimeline timeline = FaultTimeline.of(List.of(kill), events, start, 0, 5.0, new Baseline(List.of(4.0)));
    FaultTimeline.Row row = timeline.faults().get(0);
    assertEquals(1.0, row.injectedAt(), 1e-9);
    assertEquals(2.0, row.detectedAfter(), 1e-9);
    assertEquals(2.1, row.recoveredAfter(), 1e-9);
    assertEquals(List.of(7L, 8L), row.redispatched());
    assertNull(row.error());
  }
}

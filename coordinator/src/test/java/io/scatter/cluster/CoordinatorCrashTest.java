package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.scatter.cli.CliRunner;
import io.scatter.journal.JournalSettings;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeStopper;
import io.scatter.localcluster.ProcessExit;
import io.scatter.testing.Eventually;
import io.scatter.testing.FreePort;
import io.scatter.testing.JsonApi;
import io.scatter.testing.LogTail;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 22's proof, on a real {@code cluster up} (two node JVMs of two workers, and its coordinator
 * with the journal in its state folder, embedded H2): the coordinator JVM is killed with SIGKILL in
 * the middle of two jobs, {@code cluster up} starts it again on the same journal, and both jobs end
 * with the answers a fault-free run gives, having run again no more partitions than were out at the
 * kill; the job that had ended before is still listed with its answer.
 */
@Timeout(300)
class CoordinatorCrashTest {

  private static final long PARTITIONS = 120;
  /** Per partition: 4 workers take about 6 s for both jobs, long enough to kill the coordinator in the middle. */
  private static final long MILLIS = 100;
  /** Two nodes of two. */
  private static final long WORKERS = 4;
  private static final java.time.Duration RESULTS_EVERY = JournalSettings.from(TestConfig.load()).resultsEvery();

  private Path state;
  private String url;
  private final List<ProcessHandle> started = new ArrayList<>();

  /** The {@code --config} file that names the journal, if not the state folder's embedded one. */
  protected Optional<Path> journalConfig(Path dir) throws Exception {
    return Optional.empty();
  }

  @AfterEach
  void down() throws IOException {
    if (state == null) {
      return;
    }
    try {
      NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
    } finally {
      record();
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void twoJobsCutByAKillOfTheCoordinator_endExactlyAfterItsRestart_runningAgainOnlyWhatWasOut() throws Exception {
    Optional<Path> config = firstUp("scatter-crash");
    String warm = submit("{\"task\":\"primes\",\"range\":\"0..2000000\"}");
    assertEquals("148933", ended(warm).get("answer").asText());

    Path traceA = Files.createTempDirectory("scatter-crash-a");
    Path traceB = Files.createTempDirectory("scatter-crash-b");
    String a = submit(trace(traceA));
    String b = submit(trace(traceB));
    awaitDone(a, PARTITIONS / 3);
    long out = leasedNow();
    ProcessHandle coordinator = coordinator();
    coordinator.destroyForcibly();
    coordinator.onExit().get();
    long ranBeforeRestart = count(traceA) + count(traceB);

    long restart = System.nanoTime();
    up(config);
    JsonNode endedA = ended(a);
    JsonNode endedB = ended(b);
    double seconds = (System.nanoTime() - restart) / 1e9;

    assertEquals("SUCCEEDED", endedA.get("state").asText(), endedA.toString());
    assertEquals(Long.toString(PARTITIONS), endedA.get("answer").asText());
    assertEquals(Long.toString(PARTITIONS), endedB.get("answer").asText());
    assertEquals("148933", send("GET", "/jobs/" + warm, null, 200).get("answer").asText());
    long runs = count(traceA) + count(traceB);
    long again = runs - 2 * PARTITIONS;
    System.out.printf(Locale.ROOT, "coordinator killed with %d partitions out, %d run before the restart; %d run again "
        + "of %d; both jobs ended %.1f s after the restart began%n", out, ranBeforeRestart, again, 2 * PARTITIONS,
        seconds);
    assertEquals(allPartitions(), ran(traceA));
    assertEquals(allPartitions(), ran(traceB));
    // Out at the kill: leased to a worker (queued or running); a few more may have been leased between
    // the look at the nodes and the kill, one per worker at most; and results are written every
    // scatter.journal.results-every: what the 4 workers finish in that window (and the write under way).
    long unwritten = WORKERS * (RESULTS_EVERY.toMillis() / MILLIS + 1);
    assertTrue(again <= out + WORKERS + unwritten, again + " partitions ran twice; " + out + " were out at the kill");
  }

  /**
   * {@code cluster down --keep-journal} with a job running stops every JVM at once (nobody stays, so
   * nobody leaves: the coordinator closes its jobs before its member ends); the next {@code up} in the
   * folder resumes the job from the journal, and it ends with the fault-free answer, every partition run.
   */
  @Test
  void aJobRunningAtDownWithKeepJournal_resumesAtTheNextUp_andEndsExactly() throws Exception {
    Optional<Path> config = firstUp("scatter-down");
    Path trace = Files.createTempDirectory("scatter-down-trace");
    String job = submit(trace(trace));
    awaitDone(job, PARTITIONS / 3);

    // node-1's last line, though down removes its log.
    LogTail.During<CliRunner.Result> stopped = LogTail.during(state.resolve("node-1.log"),
        () -> CliRunner.run("cluster", "down", "--keep-journal", "--state-dir", state.toString()));
    CliRunner.Result down = stopped.result();
    String nodeLogTail = stopped.appended();
    assertEquals(0, down.exitCode(), down.err());
    // The coordinator named too (its cluster port): nobody stays, so node-1 does not leave.
    assertTrue(nodeLogTail.contains("node-1 stopped together with every other member of the cluster, without a leave"),
        nodeLogTail);
    assertTrue(started.stream().allMatch(ProcessExit::ended), "every JVM ended: " + down.out());
    assertTrue(count(trace) < PARTITIONS, "the job was cut short: " + count(trace) + " partitions ran");

    up(config);
    JsonNode ended = ended(job);
    assertEquals("SUCCEEDED", ended.get("state").asText(), ended.toString());
    assertEquals(Long.toString(PARTITIONS), ended.get("answer").asText());
    assertEquals(allPartitions(), ran(trace));
  }

  /** A new state folder named after {@code prefix} and a free API port, and the first {@code up} there; its journal's --config. */
  private Optional<Path> firstUp(String prefix) throws Exception {
    state = Files.createTempDirectory(prefix);
    url = "http://127.0.0.1:" + FreePort.onLoopback();
    Optional<Path> config = journalConfig(state.getParent());
    up(config);
    return config;
  }

  private void up(Optional<Path> config) {
    List<String> args = new ArrayList<>(List.of("cluster", "up", "--nodes", "2", "--workers", "2",
        "--coordinator-port", url.substring(url.lastIndexOf(':') + 1), "--state-dir", state.toString(),
        "--cluster-name", "scatter-crash-" + ProcessHandle.current().pid()));
    config.ifPresent(file -> args.addAll(List.of("--config", file.toString())));
    CliRunner.Result up = CliRunner.run(args.toArray(String[]::new));
    record();
    assertEquals(0, up.exitCode(), up.err());
  }

  /** Remembers every JVM the cluster has, so none outlives the test whatever happens. */
  private void record() {
    LocalCluster.read(state).ifPresent(cluster -> {
      cluster.nodes().forEach(node -> node.process().ifPresent(started::add));
      cluster.coordinatorRecord().flatMap(LocalCluster.Coordinator::process).ifPresent(started::add);
    });
  }

  private ProcessHandle coordinator() {
    return LocalCluster.read(state).flatMap(LocalCluster::coordinatorRecord).flatMap(LocalCluster.Coordinator::process)
        .orElseThrow(() -> new AssertionError("no coordinator process recorded in " + state));
  }

  private static String trace(Path dir) {
    return "{\"task\":\"test-trace\",\"params\":{\"dir\":\"" + dir + "\",\"ms\":\"" + MILLIS + "\"},\"range\":\"0.."
        + PARTITIONS + "\",\"partitions\":" + PARTITIONS + "}";
  }

  private void awaitDone(String job, long partitions) throws Exception {
    Eventually.await(Duration.ofSeconds(60), () -> "job " + job + " reached " + partitions + " partitions",
        () -> send("GET", "/jobs/" + job, null, 200).get("partitionsDone").asLong() >= partitions);
  }

  /** Partitions leased to workers now, by GET /nodes. */
  private long leasedNow() throws Exception {
    long leased = 0;
    for (JsonNode node : send("GET", "/nodes", null, 200).get("nodes")) {
      for (JsonNode worker : node.get("workers")) {
        leased += worker.get("leased").asLong();
      }
    }
    return leased;
  }

  private static Set<Long> allPartitions() {
    return new HashSet<>(LongStream.range(0, PARTITIONS).boxed().toList());
  }

  private static Set<Long> ran(Path trace) throws IOException {
    try (Stream<Path> files = Files.list(trace)) {
      return new HashSet<>(files.map(file -> Long.parseLong(file.getFileName().toString().split("-")[1])).toList());
    }
  }

  private static long count(Path trace) throws IOException {
    try (Stream<Path> files = Files.list(trace)) {
      return files.count();
    }
  }

  private String submit(String body) throws Exception {
    return send("POST", "/jobs", body, 201).get("id").asText();
  }

  /** The job once it has ended; a request the kill cut off is simply asked again. */
  private JsonNode ended(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      JsonNode job = send("GET", "/jobs/" + id + "?wait=10s", null, 200);
      if (!job.get("state").asText().equals("RUNNING")) {
        return job;
      }
      assertTrue(System.nanoTime() < deadline, "ended within 90 s: " + job);
    }
  }

  private JsonNode send(String method, String path, String body, int expected) throws Exception {
    return JsonApi.send(url, method, path, body, expected);
  }
}

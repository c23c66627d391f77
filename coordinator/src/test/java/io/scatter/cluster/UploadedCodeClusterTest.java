package io.scatter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.api.ApiServer;
import io.scatter.api.TokenAuth;
import io.scatter.code.CoordinatorCode;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.node.code.CodeSettings;
import io.scatter.node.code.JarDigest;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TaskJars;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code that travels with the job, on a real cluster: two node JVMs started without the user's jar,
 * a coordinator in this JVM serving the job API with a token. The jars are compiled here, uploaded
 * over HTTP, fetched by each node from the job's coordinator on first use and loaded in a class
 * loader per jar set; their result type (a record of the jar's own) crosses the wire registered per job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class UploadedCodeClusterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "uploaded-code";
  private static final Duration JOIN = Duration.ofSeconds(60);
  private static final Duration JOB_LIMIT = Duration.ofSeconds(60);
  private static final String TOKEN = "s3cret-token-for-tests";
  private static final long TO = 2_000_000;
  /** A system property set in this JVM (the coordinator's) and in no node's. */
  private static final String COORDINATOR_ONLY = "uploaded-code-test.coordinator-only";

  @TempDir
  static Path dir;

  private static NodeJvm first;
  private static NodeJvm second;
  private static RunnerJobService service;
  private static ApiServer api;
  private static Path version1;
  private static Path version2;
  private static Path impostor;
  private static Path naps;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The same class, {@code demo.WeightedSum}, in two versions: the sum of n * factor, with the count, as a record of its own. */
  private static String weightedSum(long factor) {
    return """
        package demo;

        import io.scatter.task.RangeTask;
        import io.scatter.task.TaskParams;
        import java.util.List;

        public final class WeightedSum implements RangeTask<WeightedSum.Tally> {
          /** The partial result: a type scatter has never heard of, registered per job. */
          public record Tally(long count, long sum) { }

          @Override public String name() { return "weighted-sum"; }
          @Override public String description() { return "the sum of n * FACTOR over the range"; }
          @Override public Tally identity() { return new Tally(0, 0); }
          @Override public Tally compute(TaskParams params, long from, long to) {
            long sum = 0;
            for (long n = from; n < to; n++) {
              sum += n * FACTOR;
            }
            return new Tally(to - from, sum);
          }
          @Override public Tally combine(Tally left, Tally right) {
            return new Tally(left.count() + right.count(), left.sum() + right.sum());
          }
          @Override public String render(Tally tally) { return tally.count() + " numbers, sum " + tally.sum(); }
          @Override public List<Class<?>> resultTypes() { return List.of(Tally.class); }
          private static final long FACTOR = %d;
        }
        """.formatted(factor);
  }

  /** What the sequential run of version {@code factor} answers. */
  private static String sequential(long factor) {
    return TO + " numbers, sum " + (TO * (TO - 1) / 2 * factor);
  }

  @BeforeAll
  static void startCluster() throws Exception {
    version1 = TaskJars.build(dir, "weighted-sum-1", Map.of("demo.WeightedSum", weightedSum(1)),
        List.of("demo.WeightedSum"));
    version2 = TaskJars.build(dir, "weighted-sum-2", Map.of("demo.WeightedSum", weightedSum(3)),
        List.of("demo.WeightedSum"));
    // A jar that carries its own io.scatter.task.builtin.PrimesTask (answering -1 for every range)
    // and a task that counts primes through it: if the node loaded the jar's copy, the answer is negative.
    impostor = TaskJars.build(dir, "impostor", Map.of(
        "io.scatter.task.builtin.PrimesTask", """
            package io.scatter.task.builtin;
            import io.scatter.task.RangeTask;
            import io.scatter.task.TaskParams;
            public final class PrimesTask implements RangeTask<Long> {
              @Override public String name() { return "primes-impostor"; }
              @Override public String description() { return "not scatter's"; }
              @Override public Long identity() { return 0L; }
              @Override public Long compute(TaskParams params, long from, long to) { return -1L; }
              @Override public Long combine(Long left, Long right) { return left + right; }
            }
            """,
        "demo.PrimesThroughBuiltIn", """
            package demo;
            import io.scatter.task.RangeTask;
            import io.scatter.task.TaskParams;
            import io.scatter.task.builtin.PrimesTask;
            public final class PrimesThroughBuiltIn implements RangeTask<Long> {
              @Override public String name() { return "primes-through-builtin"; }
              @Override public String description() { return "counts primes with scatter's PrimesTask"; }
              @Override public Long identity() { return 0L; }
              @Override public Long compute(TaskParams params, long from, long to) {
                return new PrimesTask().compute(params, from, to);
              }
              @Override public Long combine(Long left, Long right) { return left + right; }
            }
            """), List.of("demo.PrimesThroughBuiltIn"));

    // 20 ms a number (slices split a partition; a nap per call would be a nap per slice), its answer the
    // count; and no partition ends while the gate file exists: a test holds the job running until a
    // node has joined and one has died, however slowly a loaded machine starts the joining JVM.
    naps = TaskJars.build(dir, "naps", Map.of("demo.Naps", """
        package demo;
        import io.scatter.task.RangeTask;
        import io.scatter.task.TaskParams;
        import java.nio.file.Files;
        import java.nio.file.Path;
        public final class Naps implements RangeTask<Long> {
          private static final Path GATE = Path.of("%s");
          @Override public String name() { return "naps"; }
          @Override public String description() { return "sleeps 20 ms a number, and while a gate file exists; the count"; }
          @Override public Long identity() { return 0L; }
          @Override public Long compute(TaskParams params, long from, long to) {
            try {
              Thread.sleep(20 * (to - from));
              while (Files.exists(GATE)) {
                Thread.sleep(10);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return to - from;
          }
          @Override public Long combine(Long left, Long right) { return left + right; }
        }
        """.formatted(napsGate().toString())), List.of("demo.Naps"));
    first = node("node-1");
    second = node("node-2", "--seed", first.hostPort());
    Config config = TestConfig.loadForCluster()
        .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER))
        .withValue("scatter.jobs.jar-store", ConfigValueFactory.fromAnyRef(dir.resolve("store").toString()));
    CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config), false);
    service = RunnerJobService.open(new ClusterRunner(config, List.of(first.address()), "127.0.0.1"), config,
        code.tasks(TaskRegistry.load()));
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    api = ApiServer.start(service, "127.0.0.1", 0, Optional.of(TokenAuth.fromFile(tokenFile)), config, Optional.of(code));
  }

  private static NodeJvm node(String name, String... args) throws Exception {
    // Each node its own cache: what one fetched, the other must fetch for itself.
    return NodeJvm.start(dir, CLUSTER, name,
        List.of("-Dscatter.jobs.jar-cache=" + dir.resolve("cache-" + name)), JOIN, args);
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (api != null) {
        api.close();
      }
      if (service != null) {
        service.close();
      }
    } finally {
      NodeJvm.stop(null, second);
      NodeJvm.stop(null, first);
    }
  }

  @Test
  void nodesWithoutTheJar_fetchItOnFirstUse_andTheJobGetsTheSequentialAnswer() throws Exception {
    String digest = upload(version1, 201).get("digest").asText();

    JsonNode job = ended(submit(digest, "weighted-sum"));

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(sequential(1), job.get("answer").asText());
    assertEquals(JarDigest.of(version1), digest, "the answer names the jar by its SHA-256");
    for (String name : List.of("node-1", "node-2")) {
      Path cached = dir.resolve("cache-" + name).resolve(digest + ".jar");
      assertTrue(Files.isRegularFile(cached), name + " fetched the jar into its cache");
      assertEquals(digest, JarDigest.of(cached), name + "'s copy has the jar's bytes");
    }
  }

  @Test
  void twoVersionsOfTheSameClass_runSideBySideOnTheSameNodes_eachWithItsOwnAnswer() throws Exception {
    String one = upload(version1, -1).get("digest").asText();
    String three = upload(version2, -1).get("digest").asText();

    String jobOne = submit(one, "weighted-sum");
    String jobThree = submit(three, "weighted-sum");

    assertEquals(sequential(1), ended(jobOne).get("answer").asText());
    assertEquals(sequential(3), ended(jobThree).get("answer").asText());
  }

  @Test
  void theSameJarUploadedTwice_isStoredOnce() throws Exception {
    JsonNode firstTime = upload(version2, -1);
    JsonNode again = upload(version2, 200);

    assertEquals(firstTime.get("digest"), again.get("digest"));
    assertFalse(again.get("new").asBoolean());
    try (Stream<Path> stored = Files.list(dir.resolve("store"))) {
      assertEquals(1, stored.filter(file -> file.getFileName().toString().equals(again.get("digest").asText() + ".jar"))
          .count());
    }
  }

  @Test
  void anUploadWithoutTheToken_is401_andStoresNothing() throws Exception {
    Path unsent = Files.copy(version1, dir.resolve("never-stored.jar"));
    Files.write(unsent, "another digest".getBytes(), java.nio.file.StandardOpenOption.APPEND);

    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(api.url() + "/jars"))
        .POST(HttpRequest.BodyPublishers.ofFile(unsent)).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(401, response.statusCode(), response.body());
    assertFalse(Files.exists(dir.resolve("store").resolve(JarDigest.of(unsent) + ".jar")));
  }

  @Test
  void aJarCarryingAScatterClass_isIsolated_theNodesRunScattersOwn() throws Exception {
    String digest = upload(impostor, 201).get("digest").asText();

    JsonNode job = ended(submit(digest, "primes-through-builtin", "0..100000"));

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals("9592", job.get("answer").asText(), "scatter's PrimesTask counted, not the jar's (which says -1)");
  }

  @Test
  void aStoredJarChangedBehindScattersBack_isRefusedNamingIt() throws Exception {
    Path copy = Files.copy(version1, dir.resolve("tampered.jar"));
    Files.write(copy, "trailing bytes".getBytes(), java.nio.file.StandardOpenOption.APPEND); // another digest
    String digest = upload(copy, 201).get("digest").asText();
    Path stored = dir.resolve("store").resolve(digest + ".jar");
    Files.write(stored, Files.readAllBytes(version2)); // the bytes under that name are no longer the uploaded ones

    JsonNode refused = postJob(digest, "weighted-sum", "0.." + TO, 400);

    assertEquals("jars", refused.get("field").asText());
    assertTrue(refused.get("detail").asText().contains("jar " + digest + " is refused: its bytes hash to "),
        refused.toString());
  }

  @Test
  void theExampleProject_runsOnTheClusterFromItsJar_withTheSequentialAnswer() throws Exception {
    Path example = exampleRoot().resolve("examples/montecarlo-pi");
    Path source = example.resolve("src/main/java/demo/pi/MonteCarloPi.java");
    List<String> tasks = Files.readAllLines(example.resolve(
        "src/main/resources/META-INF/services/io.scatter.task.RangeTask"));
    Path jar = TaskJars.build(dir, "montecarlo-pi", Map.of("demo.pi.MonteCarloPi", Files.readString(source)), tasks);
    String range = "0..1000000";
    String sequentialAnswer;
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
        getClass().getClassLoader())) {
      io.scatter.task.BoundTask task = TaskRegistry.load(loader).bind(new io.scatter.protocol.TaskRef("montecarlo-pi",
          Map.of()));
      sequentialAnswer = task.render(task.compute(io.scatter.protocol.LongRange.parse(range)));
    }

    JsonNode job = ended(submit(upload(jar, -1).get("digest").asText(), "montecarlo-pi", range));

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(sequentialAnswer, job.get("answer").asText());
    assertTrue(sequentialAnswer.startsWith("pi ~ 3.14"), sequentialAnswer);
  }

  /**
   * A task class whose static initializer needs what only the coordinator's JVM has (here a system
   * property; for a user, a native library or a file on the submitting machine): the coordinator
   * loads it, every node fails to. The job's partitions fail naming the jar and why, the job fails
   * with that line, and the same nodes then run the next job as before.
   */
  @Test
  void aJarWhoseTaskCannotLoadOnTheNodes_failsTheJobNamingTheJarAndWhy_andTheNodesRunTheNextJob() throws Exception {
    System.setProperty(COORDINATOR_ONLY, "here");
    Path picky = TaskJars.build(dir, "picky", Map.of("demo.Picky", """
        package demo;
        import io.scatter.task.RangeTask;
        import io.scatter.task.TaskParams;
        public final class Picky implements RangeTask<Long> {
          static {
            if (System.getProperty("%s") == null) {
              throw new IllegalStateException("Picky needs %s, which this JVM lacks");
            }
          }
          @Override public String name() { return "picky"; }
          @Override public String description() { return "loads only where a property is set"; }
          @Override public Long identity() { return 0L; }
          @Override public Long compute(TaskParams params, long from, long to) { return to - from; }
          @Override public Long combine(Long left, Long right) { return left + right; }
        }
        """.formatted(COORDINATOR_ONLY, COORDINATOR_ONLY)), List.of("demo.Picky"));
    String digest = upload(picky, -1).get("digest").asText();

    JsonNode failed = ended(submit(digest, "picky", "0..1000"));

    assertEquals("FAILED", failed.get("state").asText(), failed.toString());
    String error = failed.get("error").asText();
    assertTrue(error.contains("jar " + digest) && error.contains("Picky needs " + COORDINATOR_ONLY), error);
    assertNodesRunTheNextJob();
  }

  /**
   * A jar changed in the coordinator's store after its set was loaded there (so the job is taken),
   * and nodes without a copy: each node checks the bytes it fetches against the digest and refuses
   * them; the partitions fail naming the jar and the mismatch.
   */
  @Test
  void aJarChangedInTheStoreAfterItWasLoaded_isRefusedByTheNodesThatFetchIt_andTheNodesRunTheNextJob()
      throws Exception {
    Path changed = Files.copy(version1, dir.resolve("changed.jar"));
    Files.write(changed, "another digest, changed later".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    String digest = upload(changed, -1).get("digest").asText();
    assertEquals("SUCCEEDED", ended(submit(digest, "weighted-sum")).get("state").asText());
    Files.write(dir.resolve("store").resolve(digest + ".jar"), Files.readAllBytes(version2));
    for (String name : List.of("node-1", "node-2")) {
      Files.delete(dir.resolve("cache-" + name).resolve(digest + ".jar"));
    }

    JsonNode failed = ended(submit(digest, "weighted-sum"));

    assertEquals("FAILED", failed.get("state").asText(), failed.toString());
    String error = failed.get("error").asText();
    assertTrue(error.contains("jar " + digest + " is refused: the " + Files.size(version2) + " bytes fetched hash to "
        + JarDigest.of(version2) + ", not to its name"), error);
    assertNodesRunTheNextJob();
  }

  @Test
  void aJarGoneFromTheStore_isRefusedAtSubmitNamingIt_thoughItsSetIsStillLoaded() throws Exception {
    Path gone = Files.copy(version1, dir.resolve("gone.jar"));
    Files.write(gone, "another digest, deleted later".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    String digest = upload(gone, -1).get("digest").asText();
    assertEquals("SUCCEEDED", ended(submit(digest, "weighted-sum")).get("state").asText());
    Files.delete(dir.resolve("store").resolve(digest + ".jar"));

    JsonNode refused = postJob(digest, "weighted-sum", "0.." + TO, 400);

    assertEquals("jars", refused.get("field").asText());
    assertTrue(refused.get("detail").asText().contains("no jar " + digest + " is in this coordinator's store"),
        refused.toString());
  }

  @Test
  void aJarListingAClassThatIsNotATask_isRefusedAtSubmitNamingTheJarAndTheClass() throws Exception {
    Path notATask = TaskJars.build(dir, "not-a-task", Map.of("demo.Helper", """
        package demo;
        public final class Helper { }
        """), List.of("demo.Helper"));
    String digest = upload(notATask, -1).get("digest").asText();

    JsonNode refused = postJob(digest, "helper", "0..10", 400);

    String detail = refused.get("detail").asText();
    assertTrue(detail.contains("jar " + digest) && detail.contains("demo.Helper"), refused.toString());
  }

  /** Both node JVMs still live and a job of uploaded code on them gets its answer. */
  private static void assertNodesRunTheNextJob() throws Exception {
    assertTrue(first.isAlive() && second.isAlive(), "a jar that cannot be had crashes no node");
    JsonNode next = ended(submit(upload(version2, -1).get("digest").asText(), "weighted-sum"));
    assertEquals("SUCCEEDED", next.get("state").asText(), next.toString());
    assertEquals(sequential(3), next.get("answer").asText());
  }

  /**
   * A node that joins after the upload, mid-job, fetches the jar and takes part; then node-2 is
   * SIGKILLed mid-job; the answer is the count, as without either. Last: node-2 does not come back.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aNodeJoiningMidJobFetchesTheJar_andAKillOfAnotherMidJobStillGivesTheExactAnswer() throws Exception {
    String digest = upload(naps, -1).get("digest").asText();
    Files.writeString(napsGate(), "closed");
    String id = send(HttpRequest.newBuilder(URI.create(api.url() + "/jobs")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"naps\",\"range\":\"0..1600\",\"partitions\":1600,"
            + "\"jars\":[\"" + digest + "\"]}")), 201).get("id").asText();
    try (NodeJvm third = node("node-3", "--seed", first.hostPort())) {
      Path fetched = dir.resolve("cache-node-3").resolve(digest + ".jar");
      Eventually.await(JOB_LIMIT, () -> "node-3 to fetch the jar mid-job", () -> {
        assertEquals("RUNNING", send(HttpRequest.newBuilder(URI.create(api.url() + "/jobs/" + id)).GET(), 200)
            .get("state").asText(), "the job ended before node-3 joined it");
        return Files.isRegularFile(fetched);
      });
      Eventually.await(JOB_LIMIT, () -> "node-2 to hold partitions of the job: " + send(HttpRequest.newBuilder(
          URI.create(api.url() + "/nodes")).GET(), 200), () -> leasedOn(second.hostPort(), id) > 0);
      ProcessHandle.of(second.pid()).ifPresent(ProcessHandle::destroyForcibly);
      Files.delete(napsGate()); // node-2 died holding partitions: they run again, with node-3 there

      JsonNode job = ended(id);

      assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
      assertEquals("1600", job.get("answer").asText(), "the count, as without a join or a kill");
      assertTrue(job.get("stats").get("retries").asLong() >= 1, "node-2's partitions ran again: " + job.get("stats"));
      assertTrue(job.get("stats").get("work").toString().contains(third.hostPort()), "node-3 took part: "
          + job.get("stats").get("work"));
    } finally {
      Files.deleteIfExists(napsGate()); // a failed wait must not leave the service's close waiting on the gate
    }
  }

  /** How many partitions of job {@code id} the node at {@code hostPort} holds now ({@code GET /nodes}). */
  private static long leasedOn(String hostPort, String id) throws Exception {
    long leased = 0;
    for (JsonNode node : send(HttpRequest.newBuilder(URI.create(api.url() + "/nodes")).GET(), 200).get("nodes")) {
      if (node.get("address").asText().equals(hostPort)) {
        for (JsonNode worker : node.get("workers")) {
          for (JsonNode work : worker.get("jobs")) {
            leased += work.get("id").asText().equals(id) ? work.get("leased").asLong() : 0;
          }
        }
      }
    }
    return leased;
  }

  /** While this file exists, no naps partition ends. */
  private static Path napsGate() {
    return dir.resolve("naps.gate");
  }

  /** The checkout: examples/ lives beside the modules. */
  private static Path exampleRoot() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isDirectory(at.resolve("examples/montecarlo-pi"))) {
        return at;
      }
    }
    throw new AssertionError("no examples/montecarlo-pi above " + Path.of("").toAbsolutePath());
  }

  private static JsonNode upload(Path jar, int expectedStatus) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(api.url() + "/jars")).header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofFile(jar)), expectedStatus);
  }

  private static String submit(String digest, String task) throws Exception {
    return submit(digest, task, "0.." + TO);
  }

  private static String submit(String digest, String task, String range) throws Exception {
    return postJob(digest, task, range, 201).get("id").asText();
  }

  /** POST /jobs of {@code task} from the jar {@code digest}: its answer, which must come with {@code expectedStatus}. */
  private static JsonNode postJob(String digest, String task, String range, int expectedStatus) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(api.url() + "/jobs")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(request(digest, task, range))), expectedStatus);
  }

  private static String request(String digest, String task, String range) {
    return "{\"task\":\"" + task + "\",\"range\":\"" + range + "\",\"partitions\":16,\"jars\":[\"" + digest + "\"]}";
  }

  private static JsonNode ended(String id) throws Exception {
    return Eventually.awaitFound(JOB_LIMIT, () -> "job " + id + " to end: "
        + send(HttpRequest.newBuilder(URI.create(api.url() + "/jobs/" + id)).GET(), 200) + "; nodes "
        + send(HttpRequest.newBuilder(URI.create(api.url() + "/nodes")).GET(), 200), () -> {
      JsonNode job = send(HttpRequest.newBuilder(URI.create(api.url() + "/jobs/" + id + "?wait=5s")).GET(), 200);
      return job.get("state").asText().equals("RUNNING") ? Optional.empty() : Optional.of(job);
    });
  }

  /** @param expectedStatus -1: any 2xx */
  private static JsonNode send(HttpRequest.Builder request, int expectedStatus) throws Exception {
    HttpResponse<String> response = CLIENT.send(request.header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    if (expectedStatus < 0) {
      assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
    } else {
      assertEquals(expectedStatus, response.statusCode(), response.body());
    }
    return JSON.readTree(response.body());
  }
}

package io.scatter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.api.ApiServer;
import io.scatter.api.TokenAuth;
import io.scatter.code.CoordinatorCode;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.node.code.CodeSettings;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.NodeJvm;
import io.scatter.testing.TaskJars;
import io.scatter.testing.TestConfig;
import io.scatter.testing.TestDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What shipping a task as a jar costs against the same task on the class path: scatter's own
 * {@code primes}, and the same source compiled into a jar under another name, uploaded, fetched by
 * each node on first use and loaded in a class loader of its own. Two node JVMs of two workers each,
 * the coordinator and API in this JVM; pairs alternate which runs first; the first use (fetch and
 * load) is timed apart. Run from the module's test class path:
 *
 * <pre>{@code
 * mvn -B -o -q -pl coordinator -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -cp $PWD/coordinator/target/test-classes:$PWD/coordinator/target/classes:$(cat coordinator/target/test.cp) \
 *     io.scatter.cluster.UploadedCodeBenchmark [range end, default 250000000: about 10 s on 2 cores]
 * }</pre>
 */
public final class UploadedCodeBenchmark {

  private static final String CLUSTER = "uploaded-code-bench";
  private static final String TOKEN = "bench-token";
  private static final int PAIRS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private UploadedCodeBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    long to = args.length > 0 ? Long.parseLong(args[0]) : 250_000_000L;
    Path dir = Files.createTempDirectory("scatter-code-bench");
    NodeJvm first = null;
    NodeJvm second = null;
    try {
      Path source = Path.of("protocol/src/main/java/io/scatter/task/builtin/PrimesTask.java");
      String copy = Files.readString(source).replace("package io.scatter.task.builtin;", "package demo;")
          .replace("return \"primes\";", "return \"primes-jar\";");
      Path jar = TaskJars.build(dir, "primes-jar", Map.of("demo.PrimesTask", copy), List.of("demo.PrimesTask"));
      first = NodeJvm.start(dir, CLUSTER, "node-1", List.of(), Duration.ofSeconds(60));
      second = NodeJvm.start(dir, CLUSTER, "node-2", List.of(), Duration.ofSeconds(60),
          "--seed", first.hostPort());
      Config config = TestConfig.loadForCluster()
          .withValue("scatter.cluster.name", ConfigValueFactory.fromAnyRef(CLUSTER))
          .withValue("scatter.jobs.jar-store", ConfigValueFactory.fromAnyRef(dir.resolve("store").toString()));
      CoordinatorCode code = CoordinatorCode.of(CodeSettings.from(config), false);
      try (RunnerJobService service = RunnerJobService.open(new ClusterRunner(config, List.of(first.address()),
              "127.0.0.1"), config, code.tasks(TaskRegistry.load()));
           ApiServer api = ApiServer.start(service, "127.0.0.1", 0,
               Optional.of(TokenAuth.fromFile(Files.writeString(dir.resolve("token"), TOKEN))), config, Optional.of(code))) {
        String digest = send(api, HttpRequest.newBuilder(URI.create(api.url() + "/jars"))
            .POST(HttpRequest.BodyPublishers.ofFile(jar))).get("digest").asText();
        System.out.printf("%d cores; load %s; primes below %,d on 2 nodes of 2 workers%n",
            Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0], to);
        System.out.printf("first use of the jar (upload done; fetch and load on both nodes, a 64-number job): %.3f s%n",
            seconds(api, "primes-jar", 64, digest));
        seconds(api, "primes", to / 10, null); // warm-up of both
        seconds(api, "primes-jar", to / 10, digest);
        double[] ratios = new double[PAIRS];
        for (int pair = 0; pair < PAIRS; pair++) {
          boolean jarFirst = pair % 2 == 1;
          double a = seconds(api, jarFirst ? "primes-jar" : "primes", to, jarFirst ? digest : null);
          double b = seconds(api, jarFirst ? "primes" : "primes-jar", to, jarFirst ? null : digest);
          double classpath = jarFirst ? b : a;
          double shipped = jarFirst ? a : b;
          ratios[pair] = classpath / shipped;
          System.out.printf("pair %d: on the class path %.2f s, from the jar %.2f s%n", pair + 1, classpath, shipped);
        }
        Arrays.sort(ratios);
        System.out.printf("the task from an uploaded jar, speed against the class path: %.3fx median (target >= 0.95x)%n",
            ratios[PAIRS / 2]);
      }
    } finally {
      NodeJvm.stop(null, second);
      NodeJvm.stop(null, first);
      TestDirs.deleteTree(dir);
    }
  }

  /** Wall seconds of a job of {@code task} over [0, to) in 64 partitions, from its submission to its end. */
  private static double seconds(ApiServer api, String task, long to, String digest) throws Exception {
    String jars = digest == null ? "" : ",\"jars\":[\"" + digest + "\"]";
    long start = System.nanoTime();
    String id = send(api, HttpRequest.newBuilder(URI.create(api.url() + "/jobs")).header("Content-Type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"" + task + "\",\"range\":\"0.." + to
        + "\",\"partitions\":64" + jars + "}"))).get("id").asText();
    while (true) {
      JsonNode job = send(api, HttpRequest.newBuilder(URI.create(api.url() + "/jobs/" + id + "?wait=10s")).GET());
      String state = job.get("state").asText();
      if (state.equals("SUCCEEDED")) {
        return (System.nanoTime() - start) / 1e9;
      }
      if (!state.equals("RUNNING")) {
        throw new IllegalStateException("benchmark job did not succeed: " + job);
      }
    }
  }

  private static JsonNode send(ApiServer api, HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = CLIENT.send(request.header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}

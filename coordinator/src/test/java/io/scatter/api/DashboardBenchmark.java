package io.scatter.api;

import com.typesafe.config.Config;
import io.scatter.coordinator.ActorRunner;
import io.scatter.service.JobRequest;
import io.scatter.service.JobStatus;
import io.scatter.service.JobView;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.ClientLoad;
import io.scatter.testing.HeadlessChromium;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What an open dashboard costs the jobs it watches: the same coordinator (job service, in-process
 * workers, the API) runs each job with no browser and with a headless Chromium showing the dashboard,
 * alternating, and prints the ratios of one run. Run from the module's test class path:
 *
 * <pre>{@code
 * mvn -B -o -q -pl coordinator -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -cp $PWD/coordinator/target/test-classes:$PWD/coordinator/target/classes:$(cat coordinator/target/test.cp) \
 *     io.scatter.api.DashboardBenchmark
 * }</pre>
 */
public final class DashboardBenchmark {

  private static final Config CONFIG = TestConfig.load();
  private static final TaskRegistry REGISTRY = TaskRegistry.load();
  private static final int WORKERS = Runtime.getRuntime().availableProcessors();
  private static final int PAIRS = 4;
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  private DashboardBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    JobRequest cpu = JobRequest.builder().task("primes").range("0..60000000").partitions(64L).build();
    JobRequest noop = JobRequest.builder().task("spin").params(Map.of("ns", "0")).range("0..1000000")
        .partitions(1_000_000L).build();
    System.out.printf("%d cores, %d workers; load %s%n", Runtime.getRuntime().availableProcessors(), WORKERS,
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    try (RunnerJobService service = RunnerJobService.open(new ActorRunner(CONFIG, WORKERS, REGISTRY), CONFIG, REGISTRY);
         ApiServer server = ApiServer.start(service, "127.0.0.1", 0, Optional.empty(), CONFIG)) {
      ChromeDriver browser = HeadlessChromium.start(1280, 900);
      try {
        seconds(service, cpu); // warm-up, both ways
        seconds(service, noop);
        double[] cpuRatio = new double[PAIRS];
        double[] noopRatio = new double[PAIRS];
        double[] apiRatio = new double[PAIRS];
        for (int pair = 0; pair < PAIRS; pair++) {
          // Half the pairs measure with the page first: what runs second gains from the first's warm-up.
          boolean openFirst = pair % 2 == 1;
          double[] first = measure(browser, server, service, openFirst, cpu, noop);
          double[] second = measure(browser, server, service, !openFirst, cpu, noop);
          double[] without = openFirst ? second : first;
          double[] with = openFirst ? first : second;
          cpuRatio[pair] = without[0] / with[0];
          noopRatio[pair] = without[1] / with[1];
          apiRatio[pair] = with[2] / without[2];
          System.out.printf("pair %d: CPU %.2f s / %.2f s, no-op %.2f s / %.2f s, API %,.0f / %,.0f jobs/s (without / with)%n",
              pair + 1, without[0], with[0], without[1], with[1], without[2], with[2]);
        }
        System.out.printf("CPU job (primes < 6e7), speed with the dashboard open: %.2fx median (target >= 0.98x)%n",
            median(cpuRatio));
        System.out.printf("no-op partitions/s (1,000,000) with it open: %.2fx median (target >= 0.9x)%n", median(noopRatio));
        System.out.printf("API jobs/s (10 no-op partitions, 8 clients) with it open: %.2fx median (target >= 0.9x)%n",
            median(apiRatio));
      } finally {
        browser.quit();
      }
    }
  }

  /** CPU job seconds, no-op job seconds and API jobs/s, with the dashboard open in {@code browser} or not. */
  private static double[] measure(ChromeDriver browser, ApiServer server, RunnerJobService service, boolean open,
      JobRequest cpu, JobRequest noop) throws Exception {
    browser.get(open ? server.url() + "/" : "about:blank");
    Thread.sleep(1_000); // the page loaded and following, or gone
    return new double[] {seconds(service, cpu), seconds(service, noop), jobsPerSecond(server, 2_000)};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double seconds(RunnerJobService service, JobRequest request) throws Exception {
    long start = System.nanoTime();
    JobView ended = service.submit(request).done().toCompletableFuture().get(10, TimeUnit.MINUTES);
    if (ended.state() != JobStatus.SUCCEEDED) {
      throw new IllegalStateException("benchmark job did not succeed: " + ended);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Jobs of 10 no-op partitions through the HTTP API, 8 clients each submitting and waiting for its end. */
  private static double jobsPerSecond(ApiServer server, int jobs) throws Exception {
    // Its own executor: the clients' threads block in send(), and a client run on them would wait for itself.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return ClientLoad.jobsPerSecond(8, jobs, () -> {
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/jobs"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"task\":\"spin\",\"params\":{\"ns\":\"0\"},\"range\":\"0..10\",\"partitions\":10}")).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher id = ID.matcher(posted.body());
      if (posted.statusCode() != 201 || !id.find()) {
        throw new IllegalStateException("submit refused: " + posted.body());
      }
      http.send(HttpRequest.newBuilder(URI.create(server.url() + "/jobs/" + id.group(1) + "?wait=10s")).build(),
          HttpResponse.BodyHandlers.discarding());
    });
  }
}

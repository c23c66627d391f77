package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.Eventually;
import io.scatter.testing.HeadlessChromium;
import io.scatter.testing.TestConfig;
import io.scatter.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard of a real {@code cluster up} (two node JVMs and a coordinator JVM) in a real headless
 * Chromium: both nodes listed up, a job followed while node-2 is SIGKILLed under it, the node gone
 * from the page as up, the job's exact answer, and the loss on its task stream and in its events.
 */
@Timeout(240)
final class DashboardClusterBrowserTest {

  private static final Pattern API = Pattern.compile("serves the job API on (http://\\S+)");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void aKilledNodeLeavesThePage_andItsLossShowsOnTheJobsTaskStream_whoseAnswerIsExact() throws Exception {
    ChromeDriver browser = HeadlessChromium.start(1280, 1000);
    Path state = dir.resolve(".scatter/cluster");
    List<ProcessHandle> started = new ArrayList<>();
    try {
      List<String> jvmOptions = List.of("-Dscatter.cluster.coordinator-port=0",
          "-Dscatter.cluster.jvm-options=" + String.join(" ", NodeLauncher.configuredJvmOptions(Optional.empty())));
      String up;
      try (ChildJvm child = ChildJvm.start(dir, jvmOptions, "cluster", "up", "--nodes", "2", "--workers", "1")) {
        assertEquals(0, child.waitFor(WAIT), child.output());
        up = child.output();
      }
      LocalCluster.read(state).ifPresent(cluster -> cluster.nodes().forEach(node -> node.process().ifPresent(started::add)));
      Matcher api = API.matcher(up);
      assertTrue(api.find(), up);
      String url = api.group(1);

      DashboardPage page = new DashboardPage(browser, WAIT);
      browser.get(url + "/");
      Eventually.await(WAIT, () -> "both nodes up on the page: " + page.text("nodes"),
          () -> page.upNodes().containsAll(List.of("node-1", "node-2")));

      HttpResponse<String> submitted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(URI.create(url + "/jobs")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"task\":\"test-sleep\",\"range\":\"0..6000\",\"partitions\":300,\"params\":{\"ms\":\"20\"}}"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, submitted.statusCode(), submitted.body());
      String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submitted.body()).get("id").asText();
      Eventually.await(WAIT, () -> "the job a quarter done: " + page.cell(id, "progress-text"),
          () -> percent(page.cell(id, "progress-text")) >= 25);
      page.screenshot("dashboard-cluster.png");

      LocalCluster.read(state).orElseThrow().node("node-2").orElseThrow().process().orElseThrow().destroyForcibly();
      Eventually.await(WAIT, () -> "node-2 no longer up on the page: " + page.text("nodes"),
          () -> !page.upNodes().contains("node-2"));
      Eventually.await(WAIT, () -> "the job to succeed with the count of [0, 6000), as without a fault: "
          + page.cell(id, "state") + ", " + page.cell(id, "answer"),
          () -> page.cell(id, "state").equals("SUCCEEDED") && page.cell(id, "answer").equals("6000"));

      page.click("tr[data-job-id='" + id + "'] td");
      Eventually.await(WAIT, () -> "the loss marked on the task stream",
          () -> page.count("#stream line.mark") > 0);
      assertTrue(page.count("#events li.event-lost") >= 1, page.text("events"));
      page.screenshot("dashboard-cluster-fault.png");
    } finally {
      browser.quit();
      if (Files.exists(state)) {
        NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      }
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static int percent(String progress) {
    return progress.contains("%") ? Integer.parseInt(progress.substring(0, progress.indexOf('%'))) : 0;
  }
}

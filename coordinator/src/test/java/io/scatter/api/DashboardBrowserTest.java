package io.scatter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.scatter.coordinator.ActorRunner;
import io.scatter.service.RunnerJobService;
import io.scatter.task.TaskRegistry;
import io.scatter.testing.Eventually;
import io.scatter.testing.HeadlessChromium;
import io.scatter.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real headless Chromium against a real coordinator (the job service, in-process
 * workers, the API behind a token): the page logs in, follows a job to its exact answer, shows its
 * task stream and figures, and cancels a running job with its button. Screenshots go to
 * {@code target/dashboard/}.
 */
@Timeout(180)
final class DashboardBrowserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "dashboard-s3cret";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private RunnerJobService service;
  private ApiServer server;
  private HttpClient client;
  private ChromeDriver browser;
  private DashboardPage page;

  @BeforeEach
  void start() throws Exception {
    browser = HeadlessChromium.start(1280, 900);
    page = new DashboardPage(browser, WAIT);
    Config config = TestConfig.load();
    TaskRegistry registry = TaskRegistry.load();
    service = RunnerJobService.open(new ActorRunner(config, 2, registry), config, registry);
    TokenAuth auth = TokenAuth.fromFile(Files.writeString(dir.resolve("token"), TOKEN + "\n"));
    server = ApiServer.start(service, "127.0.0.1", 0, Optional.of(auth), ApiServerTest.config());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (service != null) {
        service.close();
      }
    }
  }

  private JsonNode api(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Authorization", "Bearer " + TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private void logIn() throws InterruptedException {
    browser.get(server.url() + "/");
    WebElement token = Eventually.awaitFound(WAIT, () -> "the login form",
        () -> browser.findElements(By.id("token")).stream().filter(WebElement::isDisplayed).findFirst());
    token.sendKeys(TOKEN);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    Eventually.await(WAIT, () -> "the page to go live: " + page.text("link"), () -> page.text("link").equals("live"));
  }

  @Test
  void aJobReachesItsExactAnswerOnThePage_withItsTaskStream_andARunningOneIsCancelledFromIt() throws Exception {
    logIn();
    String primes = api("POST", "/jobs", "{\"task\":\"primes\",\"range\":\"0..2000000\",\"partitions\":40}").get("id")
        .asText();
    // Read until the page shows it all: a read that meets a redraw of the table gives nothing, and is read again.
    Eventually.await(WAIT, () -> "the job to succeed on the page with 100 % and the answer known for primes below"
        + " 2,000,000 (148933): " + page.cell(primes, "state") + ", " + page.cell(primes, "progress-text") + ", "
        + page.cell(primes, "answer"), () -> page.cell(primes, "state").equals("SUCCEEDED")
            && page.cell(primes, "progress-text").startsWith("100%") && page.cell(primes, "answer").equals("148933"));

    page.click("tr[data-job-id='" + primes + "'] td");
    Eventually.await(WAIT, () -> "its task stream", () -> page.count("#stream rect.span")
        == 40);
    Eventually.await(WAIT, () -> "its figures, 40 partitions: " + page.text("latency"),
        () -> page.text("latency").contains("\n40 "));
    page.screenshot("dashboard-job.png");

    String slow = api("POST", "/jobs", "{\"task\":\"test-sleep\",\"range\":\"0..4000\",\"partitions\":4000,"
        + "\"params\":{\"ms\":20}}").get("id").asText();
    Eventually.await(WAIT, () -> "the slow job to run on the page: " + page.cell(slow, "state"),
        () -> page.cell(slow, "state").equals("RUNNING") && !page.cell(slow, "progress-text").startsWith("0%"));
    page.screenshot("dashboard-jobs.png");
    page.click("tr[data-job-id='" + slow + "'] button.cancel");
    Eventually.await(WAIT, () -> "the cancel to show: " + page.cell(slow, "state"), () -> page.cell(slow, "state").equals("CANCELLED"));
    assertEquals("CANCELLED", api("GET", "/jobs/" + slow, null).get("state").asText());
    Eventually.await(WAIT, () -> "cancelled part way: " + page.cell(slow, "progress-text"),
        () -> page.cell(slow, "progress-text").matches("[0-9]{1,2}% .*"));

    assertEquals(List.of(), errors(), "the page logged no errors");
  }

  @Test
  void nodesAreListedWithTheirWorkers() throws Exception {
    logIn();
    Eventually.await(WAIT, () -> "the in-process node, up with its 2 workers: " + page.text("nodes"),
        () -> page.text("nodes").contains("in-process") && page.nodeCell("status").equals("up") && page.nodeCell("workers").equals("2"));
    page.screenshot("dashboard-nodes.png");
  }

  @Test
  void aWrongTokenIsRefusedOnTheLoginForm() throws InterruptedException {
    browser.get(server.url() + "/");
    WebElement token = Eventually.awaitFound(WAIT, () -> "the login form",
        () -> browser.findElements(By.id("token")).stream().filter(WebElement::isDisplayed).findFirst());
    token.sendKeys("not-the-token");
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    Eventually.await(WAIT, () -> "the refusal: " + page.text("login-error"), () -> page.text("login-error").contains("refused"));
    assertTrue(browser.findElements(By.cssSelector("#jobs tbody tr")).isEmpty(), "no job is shown");
  }

  /**
   * Console errors, less the 401 the first request without a token always draws (the browser logs
   * every refused request; that one is how the page learns it must ask for the token).
   */
  private List<String> errors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("401"))
        .collect(Collectors.toList());
  }
}

package io.scatter.api;

import io.scatter.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the dashboard tests read and do on the page. The page redraws its tables with every event,
 * so an element found may be gone when it is read: a read then gives nothing and a click is tried
 * again, rather than the test failing on the redraw.
 */
final class DashboardPage {

  /** Where the screenshots go: docs/dashboard.md and the README show them. */
  static final Path SHOTS = Path.of("target", "dashboard");

  private final ChromeDriver browser;
  private final Duration wait;

  DashboardPage(ChromeDriver browser, Duration wait) {
    this.browser = browser;
    this.wait = wait;
  }

  /** The text of the element {@code id}; empty while it is redrawn. */
  String text(String id) {
    return firstText(By.id(id));
  }

  /** The text of {@code cell} in the job's row; empty before the row is on the page. */
  String cell(String jobId, String cell) {
    return firstText(By.cssSelector("tr[data-job-id='" + jobId + "'] ." + cell));
  }

  /** The text of {@code cell} in the first node's row. */
  String nodeCell(String cell) {
    return firstText(By.cssSelector("#nodes tr[data-node] ." + cell));
  }

  /** The names of the nodes listed as up. */
  List<String> upNodes() {
    try {
      return browser.findElements(By.cssSelector("#nodes tr[data-node].status-up")).stream()
          .map(WebElement::getText).map(row -> row.split(" ")[0]).toList();
    } catch (StaleElementReferenceException redrawn) {
      return List.of();
    }
  }

  int count(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  /** Clicks what {@code css} finds, again if the page redrew it between the find and the click. */
  void click(String css) throws InterruptedException {
    Eventually.await(wait, () -> "to click " + css, () -> {
      try {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        if (found.isEmpty()) {
          return false;
        }
        found.get(0).click();
        return true;
      } catch (StaleElementReferenceException redrawn) {
        return false;
      }
    });
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private String firstText(By by) {
    try {
      List<WebElement> found = browser.findElements(by);
      return found.isEmpty() ? "" : found.get(0).getText();
    } catch (StaleElementReferenceException redrawn) {
      return "";
    }
  }
}

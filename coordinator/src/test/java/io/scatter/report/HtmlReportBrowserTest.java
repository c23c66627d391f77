package io.scatter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.cli.Scatter;
import io.scatter.testing.HeadlessChromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A {@code compare --html} report opened from disk in a real headless Chromium: every chart is
 * drawn (each {@code <svg>} laid out with a size), the page logs no error, and it asked for nothing
 * (the browser's own record of what it loaded holds no resource beyond the file). The screenshot goes
 * to {@code target/dashboard/compare-report.png}.
 */
@Timeout(120)
final class HtmlReportBrowserTest {

  @TempDir
  Path dir;

  @Test
  void aCompareReportOpensFromDisk_everyChartDrawn_noErrors_noRequests() throws Exception {
    Path html = dir.resolve("compare.html");
    StringWriter err = new StringWriter();
    int code = Scatter.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "compare",
        "--task", "primes", "--range", "0..2000000", "--partitions", "32", "--modes", "sequential,threads,actors",
        "--warmup", "1", "--html", html.toString());
    assertEquals(0, code, err.toString());

    ChromeDriver browser = HeadlessChromium.start(1200, 1600);
    try {
      browser.get(html.toUri().toString());
      List<String> charts = List.of("chart-wall", "chart-speedup", "chart-cpu", "chart-latency", "chart-work");
      for (String chart : charts) {
        var svg = browser.findElement(By.id(chart));
        assertTrue(svg.getSize().getWidth() > 100 && svg.getSize().getHeight() > 50, chart + " is laid out: "
            + svg.getSize());
      }
      Object requests = browser.executeScript("return performance.getEntriesByType('resource').length");
      assertEquals(0L, requests, "the page loaded nothing beyond itself");
      List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
      assertEquals(List.of(), errors);
      Path shots = Path.of("target", "dashboard");
      Files.createDirectories(shots);
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("compare-report.png"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
  }
}

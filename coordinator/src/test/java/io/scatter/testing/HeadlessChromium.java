package io.scatter.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium driven through WebDriver: Debian's {@code chromium} and its matching
 * {@code chromedriver} (which {@code .ci/run} installs). Where either is missing the calling test is
 * skipped, saying which; Selenium is never let to download a browser or a driver.
 */
public final class HeadlessChromium {

  private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/lib/chromium/chromium"),
      Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));
  private static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"),
      Path.of("/usr/lib/chromium/chromedriver"));

  private HeadlessChromium() {
  }

  /** A new browser of {@code width} x {@code height}; the caller quits it. Skips the test where none can start. */
  public static ChromeDriver start(int width, int height) {
    Optional<Path> browser = BROWSERS.stream().filter(Files::isExecutable).findFirst();
    Optional<Path> driver = DRIVERS.stream().filter(Files::isExecutable).findFirst();
    Assumptions.assumeTrue(browser.isPresent(), "no Chromium installed (apt-get install chromium) in " + BROWSERS);
    Assumptions.assumeTrue(driver.isPresent(), "no chromedriver installed (apt-get install chromium-driver) in " + DRIVERS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.get().toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
        .usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
    try {
      return new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      Assumptions.abort("Chromium did not start: " + e.getMessage().lines().findFirst().orElse(e.toString()));
      throw e; // not reached
    }
  }
}

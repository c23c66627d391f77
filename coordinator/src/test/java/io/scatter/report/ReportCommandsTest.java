package io.scatter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.cli.Scatter;
import io.scatter.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code run --html} and {@code compare --html} on real jobs run in this JVM (fetch jobs against the
 * test server on a free loopback port): the page's charts are well-formed SVG drawn from the same
 * JSON {@code --json} writes, nothing in it is fetched, and user text comes out escaped.
 */
final class ReportCommandsTest {

  /** Height over value may differ between bars by this much: coordinates are written to 0.01 px. */
  private static final double PROPORTION = 1e-3;
  private static final String SCRIPT = "<script>alert(\"x\")</script>&'";

  private static TestServer server;

  @TempDir
  Path dir;

  /** What a command printed, and its exit code. */
  private record Ran(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static Ran scatter(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Scatter.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Ran(code, out.toString(), err.toString());
  }

  @Test
  void compareDrawsEveryChartFromTheJsonItWritesBeside() throws IOException {
    Path json = dir.resolve("compare.json");
    Path html = dir.resolve("out/compare.html");
    Ran ran = scatter("compare", "--task", "primes", "--range", "0..300000", "--modes", "sequential,threads,actors",
        "--warmup", "0", "--json", json.toString(), "--html", html.toString());

    assertEquals(0, ran.exitCode(), ran.err());
    assertTrue(ran.out().endsWith("HTML report: " + html.toAbsolutePath() + System.lineSeparator()), ran.out());
    Page page = Page.read(html);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals(report, page.embeddedJson());
    Map<String, Element> charts = page.charts();
    assertEquals(List.of("chart-wall", "chart-speedup", "chart-cpu", "chart-latency", "chart-work"),
        List.copyOf(charts.keySet()));
    charts.values().forEach(chart -> assertFalse(Page.title(chart).isBlank(), "a title for " + chart.getAttribute("id")));
    assertEquals(Set.of("chart-faults"), page.absentCharts());
    assertTrue(page.html().contains("no faults injected"), page.html());
    assertEquals(List.of(), page.fetchedReferences());
    assertEquals(1, page.html().split("<script", -1).length - 1, "one script element, the JSON");

    List<JsonNode> runs = List.of(report.get("runs").get(0), report.get("runs").get(1), report.get("runs").get(2));
    assertProportional(Page.elements(charts.get("chart-wall"), "rect", "bar"),
        runs.stream().map(run -> run.get("wallSeconds").asDouble()).toList());
    assertProportional(Page.elements(charts.get("chart-speedup"), "rect", "bar"),
        runs.stream().map(run -> run.get("speedup").asDouble()).toList());
    List<Double> ideals = Page.elements(charts.get("chart-speedup"), "line", "ideal").stream()
        .map(line -> Page.number(line, "data-value")).toList();
    assertEquals(runs.stream().map(run -> run.get("workers").asDouble()).toList(), ideals);
    // Every accepted partition is some worker's: the segments of each run add up to the job.
    List<Element> segments = Page.elements(charts.get("chart-work"), "rect", "bar");
    assertEquals(3 * report.get("partitions").asDouble(),
        segments.stream().mapToDouble(segment -> Page.number(segment, "data-value")).sum(), 1e-9);
  }

  @Test
  void runEscapesTheTasksParameterEverywhereThePageShowsIt() throws IOException {
    Path html = dir.resolve("run.html");
    Ran ran = scatter("run", "--task", "test-fails-once", "--param", "run=" + SCRIPT + dir, "--range", "0..40",
        "--partitions", "4", "--mode", "threads", "--html", html.toString());

    assertEquals(0, ran.exitCode(), ran.err());
    Page page = Page.read(html);
    assertFalse(page.html().contains("<script>alert"), page.html());
    assertTrue(page.html().contains("run=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"), page.html());
    assertEquals(SCRIPT + dir, page.embeddedJson().at("/params/run").asText());
    assertEquals(List.of("chart-wall", "chart-cpu", "chart-latency", "chart-work"), List.copyOf(page.charts().keySet()));
    assertTrue(page.absentCharts().contains("chart-speedup"), page.html());
    assertEquals(4, page.embeddedJson().at("/runs/0/stats/retries").asLong(), "each partition's first attempt failed");
    assertTrue(page.html().contains("<td>4</td><td>0</td>"), "4 retries, no duplicates, in the table: " + page.html());
  }

  @Test
  void compareOfFetchJobsChartsRequestLatencyPerIoStyle() throws IOException {
    Path json = dir.resolve("fetch.json");
    Path html = dir.resolve("fetch.html");
    String odd = server.url() + "/status/200?q=" + SCRIPT;
    Ran ran = scatter("compare", "--url", odd, "--url", server.url() + "/delay?ms=5", "--repeat", "6",
        "--io", "blocking,async", "--modes", "sequential,actors", "--warmup", "0", "--json", json.toString(),
        "--html", html.toString());

    assertEquals(0, ran.exitCode(), ran.err());
    Page page = Page.read(html);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals(report, page.embeddedJson());
    assertEquals(List.of("chart-wall", "chart-throughput", "chart-cpu", "chart-latency", "chart-work"),
        List.copyOf(page.charts().keySet()));
    assertEquals(Set.of("chart-speedup", "chart-faults"), page.absentCharts());
    assertFalse(page.html().contains("<script>alert"), "the URL, escaped");
    assertTrue(page.html().contains("the first: " + server.url() + "/status/200?q=&lt;script&gt;"), page.html());
    assertEquals(List.of(), page.fetchedReferences());

    List<Element> bars = Page.elements(page.chart("chart-latency"), "rect", "bar");
    assertEquals(4 * report.get("runs").size(), bars.size(), "p50, p90, p99 and max of each run");
    for (int run = 0; run < report.get("runs").size(); run++) {
      JsonNode row = report.get("runs").get(run);
      List<String> fields = List.of("p50Millis", "p90Millis", "p99Millis", "maxMillis");
      for (int series = 0; series < fields.size(); series++) {
        Element bar = bars.get(4 * run + series);
        assertEquals(row.get("io").asText() + " " + row.get("mode").asText(), bar.getAttribute("data-label"));
        assertEquals(row.get(fields.get(series)).asDouble(), Page.number(bar, "data-value"));
      }
    }
    assertProportional(bars, bars.stream().map(bar -> Page.number(bar, "data-value")).toList());
  }

  /**
   * The seed notes' experiment as a picture. Two modes, as CommandsTest runs the preset: the third
   * would add half a minute on a two-core machine and no chart the two do not already draw.
   */
  @Test
  void presetSeedsDrawsEveryExperimentAndOneChartOverThemAll() throws IOException {
    Path json = dir.resolve("seeds.json");
    Path html = dir.resolve("seeds.html");
    Ran ran = scatter("compare", "--preset", "seeds", "--modes", "sequential,actors", "--warmup", "0",
        "--json", json.toString(), "--html", html.toString());

    assertEquals(0, ran.exitCode(), ran.err());
    Page page = Page.read(html);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals(report, page.embeddedJson());
    Set<String> ids = page.charts().keySet();
    assertTrue(ids.contains("chart-experiments"), ids.toString());
    for (int experiment = 1; experiment <= 3; experiment++) {
      for (String chart : List.of("chart-wall-", "chart-speedup-", "chart-cpu-", "chart-latency-", "chart-work-")) {
        assertTrue(ids.contains(chart + experiment), chart + experiment + " in " + ids);
      }
    }
    // Experiment by experiment, a bar per mode: the wall times in the JSON's order.
    List<Double> expected = new ArrayList<>();
    report.get("experiments").forEach(e -> e.get("runs").forEach(run -> expected.add(run.get("wallSeconds").asDouble())));
    assertProportional(Page.elements(page.chart("chart-experiments"), "rect", "bar"), expected);
  }

  @Test
  void htmlUnderAFileIsRefusedInOneLineBeforeTheJobRuns() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "not a folder");
    Path html = file.resolve("report.html");
    Ran ran = scatter("compare", "--task", "primes", "--range", "0..1000", "--warmup", "0", "--html", html.toString());

    assertEquals(2, ran.exitCode());
    assertEquals(List.of("scatter compare: cannot write HTML report to " + html + ": " + file.toAbsolutePath()
        + " is not a folder"), ran.errLines());
    assertFalse(ran.out().contains("answer"), "nothing ran: " + ran.out());
  }

  @Test
  void htmlThatCannotBeWrittenSaysSoInOneLine() {
    // /proc takes no new files, not even root's: the check before the run passes, the write fails.
    Path html = Path.of("/proc/scatter-report.html");
    Assumptions.assumeTrue(Files.isDirectory(html.getParent()), "a Linux /proc");
    Ran ran = scatter("run", "--task", "primes", "--range", "0..1000", "--mode", "sequential", "--html",
        html.toString());

    assertEquals(2, ran.exitCode());
    assertEquals(List.of("scatter run: cannot write HTML report to " + html + ": cannot create a file in /proc"),
        ran.errLines());
    assertFalse(Files.exists(html));
  }

  /** Each bar's height over its value is the same for every bar: heights are in proportion to the values. */
  private static void assertProportional(List<Element> bars, List<Double> values) {
    assertEquals(values.size(), bars.size(), "a bar per value");
    double largest = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    int reference = values.indexOf(largest);
    double perUnit = Page.number(bars.get(reference), "height") / largest;
    for (int i = 0; i < bars.size(); i++) {
      assertEquals(values.get(i), Page.number(bars.get(i), "data-value"), "bar " + i + " shows the JSON's value");
      assertEquals(perUnit * values.get(i), Page.number(bars.get(i), "height"),
          Math.max(0.006, perUnit * values.get(i) * PROPORTION), "bar " + i + " of " + values);
    }
  }
}

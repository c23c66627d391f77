package io.scatter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.chaos.Baseline;
import io.scatter.chaos.FaultSpec;
import io.scatter.chaos.FaultTimeline;
import io.scatter.chaos.InjectedFault;
import io.scatter.cli.Scatter;
import io.scatter.coordinator.JobEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The page from a report's JSON alone. The fault timeline's report is a real run's with the
 * {@code faults} that {@link FaultTimeline#of} makes of faults and coordinator events given here:
 * a real chaos run needs a cluster of node JVMs (FaultToleranceTest runs those, alone).
 */
final class HtmlReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START = 7_000_000_000L;
  private static final double WALL = 4.0;
  /** Mark positions are written to 0.01 px; a little more for the octagon's rounded corners. */
  private static final double PIXEL = 0.02;

  @TempDir
  Path dir;

  private static long at(double seconds) {
    return START + Math.round(seconds * 1e9);
  }

  private static String worker(String address) {
    return "pekko://scatter@" + address + "/user/worker-1";
  }

  /** A kill and a freeze, each noticed and recovered from, a fault the node refused, a node that left. */
  private static FaultTimeline chaos() {
    List<InjectedFault> faults = List.of(
        new InjectedFault(FaultSpec.parse("kill:node-2@40%"), "node-2", "127.0.0.1:2552", at(1.0), 0.4, null),
        new InjectedFault(FaultSpec.parse("freeze:node-3@60%:1s"), "node-3", "127.0.0.1:2553", at(2.0), 0.6, null),
        new InjectedFault(FaultSpec.parse("cutoff:node-1@70%:2s"), "node-1", "127.0.0.1:2551", at(2.5), 0.7, null,
            "fault injection is off on <node-1>", false));
    List<JobEvent> events = List.of(
        new JobEvent.WorkerLost(at(1.2), worker("127.0.0.1:2552"), JobEvent.WorkerLost.CONNECTION_CLOSED,
            List.of(3L, 4L)),
        new JobEvent.Redispatched(at(1.3), worker("127.0.0.1:2551"), List.of(3L, 4L)),
        new JobEvent.LeasesExpired(at(2.6), worker("127.0.0.1:2553"), List.of(7L)),
        new JobEvent.Redispatched(at(2.7), worker("127.0.0.1:2551"), List.of(7L)),
        new JobEvent.WorkerLeft(at(3.5), worker("127.0.0.1:2554"), List.of(9L)));
    return FaultTimeline.of(faults, events, START, 1, WALL, new Baseline(List.of(3.0, 3.2, 3.4)));
  }

  /** A real run's report, as {@code run --json} wrote it. */
  private JsonNode runReport() throws IOException {
    Path json = dir.resolve("run.json");
    StringWriter err = new StringWriter();
    int code = Scatter.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "run", "--task",
        "primes", "--range", "0..20000", "--mode", "actors", "--json", json.toString());
    assertEquals(0, code, err.toString());
    return JSON.readTree(json.toFile());
  }

  @Test
  void render_chaosRun_marksEveryMomentOfTheTimelineOnOneTimeAxis() throws IOException {
    ObjectNode report = (ObjectNode) runReport();
    report.set("faults", JSON.valueToTree(chaos()));

    Page page = new Page(HtmlReport.render("scatter run", report));

    Element chart = page.chart("chart-faults");
    assertFalse(page.absentCharts().contains("chart-faults"));
    List<Element> marks = Page.elements(chart, "polygon", "mark");
    assertEquals(List.of("injected", "detected", "redispatched", "injected", "detected", "redispatched", "left"),
        marks.stream().map(mark -> mark.getAttribute("data-kind")).toList());
    List<Double> expected = List.of(1.0, 1.2, 1.3, 2.0, 2.6, 2.7, 3.5);
    for (int i = 0; i < marks.size(); i++) {
      assertEquals(expected.get(i), Page.number(marks.get(i), "data-value"), 1e-6, "mark " + i);
    }
    // One time axis: every mark's x is the same linear function of its time.
    double x0 = centreX(marks.get(0));
    double perSecond = (centreX(marks.get(6)) - x0) / (3.5 - 1.0);
    for (int i = 0; i < marks.size(); i++) {
      assertEquals(x0 + perSecond * (expected.get(i) - 1.0), centreX(marks.get(i)), PIXEL, "mark " + i);
    }
    List<Element> references = Page.elements(chart, "line", "reference");
    assertEquals(List.of(WALL, 3.2), references.stream().map(line -> Page.number(line, "data-value")).toList());
    assertEquals(x0 + perSecond * (WALL - 1.0), Page.number(references.get(0), "x1"), PIXEL, "the job's end");
    assertEquals(2, Page.elements(chart, "rect", "span").size(), "the kill and the freeze in force; not the refused one");
    assertTrue(page.html().contains("refused by the node: fault injection is off on &lt;node-1&gt;"), page.html());
    assertTrue(page.html().contains("<table class=\"faults\">"), "the timeline's table");
  }

  @Test
  void render_reportWithAScriptEndTagInAString_keepsItInsideTheJsonBlock() throws IOException {
    ObjectNode report = (ObjectNode) runReport();
    String hostile = "</script><script>alert(1)</script><!--";
    report.putObject("params").put("run", hostile);

    Page page = new Page(HtmlReport.render("scatter run", report));

    assertEquals(1, page.html().split("</script>", -1).length - 1, "only the JSON block's own end tag");
    assertFalse(page.html().contains("<!--"));
    assertEquals(report, page.embeddedJson());
    page.charts();
  }

  @Test
  void render_runWithoutPerWorkerFigures_saysWhyTheChartIsLeftOut() throws IOException {
    ObjectNode report = (ObjectNode) runReport();
    report.get("runs").forEach(run -> ((ObjectNode) run.get("stats")).remove("work"));

    Page page = new Page(HtmlReport.render("scatter run", report));

    assertTrue(page.absentCharts().contains("chart-work"), page.html());
    assertTrue(page.html().contains("no run of this report has per-worker figures"), page.html());
  }

  @Test
  void escape_markupQuotesAndControlCharacters_becomeEntitiesXmlAccepts() {
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;\uFFFD\ttab", Html.escape("<a href=\"x\">&'\u0001\ttab"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void scale_upTo_endsOnTheFirstRoundTickAtOrAboveTheLargestValue() {
    assertEquals(new Scale(0.3, 0.1), round(Scale.upTo(0.275)));
    assertEquals(new Scale(8, 2), round(Scale.upTo(6.68)));
    assertEquals(new Scale(4, 1), round(Scale.upTo(3.56)));
    assertEquals(new Scale(8000, 2000), round(Scale.upTo(6400)));
    assertEquals(new Scale(1, 0.2), round(Scale.upTo(0)));
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), Scale.upTo(3.56).ticks());
  }

  @Test
  void quantity_labels_readAsPlainNumbers() {
    List<String> labels = new ArrayList<>();
    for (double value : new double[] {0, 0.012345, 0.275, 1.0, 1.5, 3.567, 64.0, 1234.5}) {
      labels.add(Html.quantity(value));
    }
    assertEquals(List.of("0", "0.012", "0.275", "1", "1.5", "3.57", "64", "1,235"), labels);
  }

  private static Scale round(Scale scale) {
    return new Scale(Math.round(scale.max() * 1e9) / 1e9, Math.round(scale.step() * 1e9) / 1e9);
  }

  /** The middle of a mark: every mark's polygon is symmetric about its x. */
  private static double centreX(Element polygon) {
    String[] points = polygon.getAttribute("points").split(" ");
    double sum = 0;
    for (String point : points) {
      sum += Double.parseDouble(point.split(",")[0]);
    }
    return sum / points.length;
  }
}

package io.scatter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A report as one self-contained HTML page: what ran, its table, its charts as inline SVG, and the
 * report's JSON itself in a {@code <script type="application/json" id="report">} block. Drawn from
 * the same JSON tree {@code --json} writes, so the page and the file cannot disagree. No script
 * runs and nothing is fetched: the page opens from disk with no network.
 *
 * <p>Four shapes of report are known by their fields: a job's ({@code runs} of job rows), a fetch
 * report ({@code runs} of rows with an {@code io}), {@code --preset seeds} ({@code experiments}, a
 * job report each) and {@code --preset seeds-io} (fetch rows and the test server's {@code url}).
 */
public final class HtmlReport {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String STYLE = """
      body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
      h1 { font-size: 1.4em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 2em; }
      p.what { color: #444; margin-top: 0; } p.verdict.ok { color: #1a7f37; } p.verdict.bad { color: #b42318; }
      table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
      th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
      th:first-child, td:first-child, td:last-child { text-align: left; }
      figure { margin: 1.5em 0; } figcaption { font-weight: 600; margin-bottom: 0.3em; }
      svg.chart { max-width: 100%; height: auto; display: block; }
      p.absent { color: #666; font-style: italic; }
      footer { color: #777; font-size: 0.8em; margin-top: 3em; }
      """;

  static final String EXPERIMENTS = "chart-experiments";

  private HtmlReport() {
  }

  /**
   * @param command what wrote the report ({@code scatter compare}): the page's title
   * @param report  the report's JSON, as {@code --json} writes it
   */
  public static String render(String command, JsonNode report) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(Html.escape(command + ": " + subject(report))).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(command)).append("</h1>\n");
    if (report.has("experiments")) {
      preset(html, report);
    } else if (isFetch(report)) {
      fetch(html, report, "");
    } else {
      job(html, report, "");
    }
    html.append("<footer>The charts are drawn from the report's JSON, which this page carries in the script block "
        + "with id &quot;report&quot;.</footer>\n<script type=\"application/json\" id=\"report\">\n")
        .append(embedded(report)).append("\n</script>\n</body>\n</html>\n");
    return html.toString();
  }

  /**
   * The JSON as {@code --json} writes it, with every {@code <}, {@code >} and {@code &} as a
   * {@code \\uXXXX} escape: the same JSON to a parser, and no text inside it (a URL with
   * {@code </script>} in it) can end the block. Outside strings JSON has none of the three.
   */
  static String embedded(JsonNode report) {
    try {
      return MAPPER.writeValueAsString(report).replace("<", "\\u003c").replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that does not write: " + e.getMessage(), e);
    }
  }

  private static boolean isFetch(JsonNode report) {
    return report.has("url") || JsonValues.list(report, "runs").stream().anyMatch(run -> run.has("io"));
  }

  /** What the report is about, for the page's title. */
  private static String subject(JsonNode report) {
    if (report.has("preset")) {
      return "preset " + JsonValues.text(report, "preset");
    }
    return isFetch(report) ? "fetch " + Html.quantity(report.path("urls").asDouble()) + " URLs"
        : "task " + JsonValues.text(report, "task");
  }

  private static void job(StringBuilder html, JsonNode report, String suffix) {
    html.append("<p class=\"what\">").append(Html.escape(describeJob(report))).append("</p>\n");
    List<JsonNode> runs = JsonValues.list(report, "runs");
    boolean agree = report.path("answersAgree").asBoolean();
    String verdict;
    if (runs.size() == 1) {
      String error = JsonValues.text(runs.get(0), "error");
      verdict = error == null ? "answer: " + JsonValues.text(runs.get(0), "answer") : "failed: " + error;
      agree = error == null;
    } else {
      long failed = runs.stream().filter(run -> JsonValues.has(run, "error")).count();
      verdict = agree ? "answer (all modes agree): " + JsonValues.text(runs.get(0), "answer")
          : failed > 0 ? failed + " of " + runs.size() + " runs failed"
          : "the modes did not all produce the same answer";
    }
    verdict(html, agree, verdict);
    html.append(Tables.jobRuns(report));
    figures(html, JobFigures.of(report, suffix));
    faultTable(html, report);
  }

  private static void fetch(StringBuilder html, JsonNode report, String suffix) {
    html.append("<p class=\"what\">").append(Html.escape(describeFetch(report))).append("</p>\n");
    boolean agree = report.has("allOk") ? report.path("allOk").asBoolean() : report.path("outcomesAgree").asBoolean();
    verdict(html, agree, report.has("allOk")
        ? agree ? "every URL of every run answered 200" : "not every URL of every run answered 200"
        : agree ? "every run fetched the same URLs with the same outcomes"
        : "the runs did not all fetch the same, or some failed");
    html.append(Tables.fetchRuns(report));
    figures(html, FetchFigures.of(report, suffix));
    faultTable(html, report);
  }

  /** {@code --preset seeds}: one chart over every experiment, then each experiment as a job report. */
  private static void preset(StringBuilder html, JsonNode report) {
    List<JsonNode> experiments = JsonValues.list(report, "experiments");
    html.append("<p class=\"what\">").append(Html.escape("preset " + JsonValues.text(report, "preset") + ": "
        + experiments.size() + " experiments, each a job run in every mode")).append("</p>\n");
    figures(html, List.of(experimentsChart(experiments)));
    for (int i = 0; i < experiments.size(); i++) {
      html.append("<section id=\"experiment-").append(i + 1).append("\">\n<h2>")
          .append(Html.escape(experimentName(experiments.get(i)))).append("</h2>\n");
      job(html, experiments.get(i), "-" + (i + 1));
      html.append("</section>\n");
    }
  }

  private static Figure experimentsChart(List<JsonNode> experiments) {
    Set<String> modes = new LinkedHashSet<>();
    experiments.forEach(e -> JsonValues.list(e, "runs").forEach(run -> modes.add(JsonValues.text(run, "mode"))));
    List<GroupedBarChart.Series> series = new ArrayList<>();
    int position = 0;
    for (String mode : modes) {
      series.add(new GroupedBarChart.Series(mode, Palette.mode(mode, position++)));
    }
    List<GroupedBarChart.Group> groups = new ArrayList<>();
    for (JsonNode experiment : experiments) {
      List<Double> values = new ArrayList<>();
      for (String mode : modes) {
        values.add(JsonValues.list(experiment, "runs").stream()
            .filter(run -> mode.equals(JsonValues.text(run, "mode")) && !JsonValues.has(run, "error"))
            .map(run -> JsonValues.number(run, "wallSeconds")).findFirst().orElse(null));
      }
      groups.add(new GroupedBarChart.Group(params(experiment), JsonValues.text(experiment, "task"), values, null));
    }
    String heading = "Wall time per experiment and mode (seconds)";
    return new Figure.Chart(EXPERIMENTS, heading,
        GroupedBarChart.render(EXPERIMENTS, heading, "wall time (s)", series, groups));
  }

  private static void verdict(StringBuilder html, boolean ok, String text) {
    html.append("<p class=\"verdict ").append(ok ? "ok" : "bad").append("\">").append(Html.escape(text))
        .append("</p>\n");
  }

  private static void figures(StringBuilder html, List<Figure> figures) {
    for (Figure figure : figures) {
      if (figure instanceof Figure.Chart chart) {
        html.append("<figure id=\"").append(Html.escape(chart.id())).append("-figure\">\n<figcaption>")
            .append(Html.escape(chart.heading())).append("</figcaption>\n").append(chart.svg()).append("\n</figure>\n");
      } else if (figure instanceof Figure.Absent absent) {
        html.append("<p class=\"absent\" id=\"").append(Html.escape(absent.id())).append("-absent\" data-chart=\"")
            .append(Html.escape(absent.id())).append("\">").append(Html.escape(absent.heading() + ": left out, "
                + absent.why())).append("</p>\n");
      }
    }
  }

  private static void faultTable(StringBuilder html, JsonNode report) {
    if (JsonValues.has(report, "faults")) {
      html.append(Tables.faults(report.get("faults")));
    }
  }

  private static String describeJob(JsonNode report) {
    String params = params(report);
    return String.format(Locale.ROOT, "task %s%s over %s in %s partitions, job %s", JsonValues.text(report, "task"),
        params.isEmpty() ? "" : " " + params, JsonValues.text(report, "range"),
        Html.quantity(report.path("partitions").asDouble()), JsonValues.text(report, "jobId"));
  }

  private static String describeFetch(JsonNode report) {
    if (report.has("url")) {
      return "the seed notes' I/O experiment: GET " + JsonValues.text(report, "url")
          + " from the built-in test server, in this JVM";
    }
    Double delay = JsonValues.number(report, "delayMillis");
    String first = JsonValues.list(report, "runs").stream()
        .flatMap(run -> JsonValues.list(run, "results").stream()).map(result -> JsonValues.text(result, "url"))
        .findFirst().orElse(null);
    return String.format(Locale.ROOT, "fetch %s URLs (%s distinct x %s) in batches of %s%s%s",
        Html.quantity(report.path("urls").asDouble()), Html.quantity(report.path("distinctUrls").asDouble()),
        Html.quantity(report.path("repeat").asDouble()), Html.quantity(report.path("batch").asDouble()),
        delay == null ? "" : ", every URL a /delay of " + Html.quantity(delay) + " ms",
        first == null ? "" : "; the first: " + first);
  }

  /** "n=50" for a job's parameters; empty when it has none. */
  private static String params(JsonNode report) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> param : report.path("params").properties()) {
      pairs.add(param.getKey() + "=" + param.getValue().asText());
    }
    return String.join(" ", pairs);
  }

  private static String experimentName(JsonNode experiment) {
    String params = params(experiment);
    return JsonValues.text(experiment, "task") + (params.isEmpty() ? "" : " " + params);
  }
}

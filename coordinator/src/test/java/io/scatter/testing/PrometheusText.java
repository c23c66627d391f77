package io.scatter.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests of
 * {@code GET /metrics}: Prometheus's Java client writes this format but has no parser for it, so
 * every line is checked here against the format's grammar, and anything else fails the test.
 * Checked: {@code # HELP} and {@code # TYPE} lines (one each per family, TYPE before its samples,
 * a known type), sample lines {@code name{label="value",...} value [timestamp]} with valid names,
 * escapes and numbers, samples of a family together and named for it, no series twice, and the
 * text ending in a line break.
 */
public final class PrometheusText {

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\\\\\|\\\\\"|\\\\n)*)\"(,|$)");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Set<String> SPECIAL = Set.of("NaN", "+Inf", "-Inf");

  /** Series ({@code name} and sorted labels) to value, in text order. */
  private final Map<Series, Double> samples;
  private final Map<String, String> types;
  private final Map<String, String> helps;

  private PrometheusText(Map<Series, Double> samples, Map<String, String> types, Map<String, String> helps) {
    this.samples = samples;
    this.types = types;
    this.helps = helps;
  }

  /** One series: a metric name and its labels. */
  public record Series(String name, Map<String, String> labels) {
    public Series {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  /** @throws AssertionError naming the line number and what is wrong with it */
  public static PrometheusText parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition does not end in a line break");
    }
    Map<Series, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    Set<String> closedFamilies = new HashSet<>();
    String family = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.startsWith("# HELP ")) {
        Matcher help = matches(HELP, line, number, "a HELP line");
        family = enter(help.group(1), family, closedFamilies, number);
        if (helps.put(help.group(1), help.group(2)) != null) {
          throw fail(number, line, "a second HELP for " + help.group(1));
        }
      } else if (line.startsWith("# TYPE ")) {
        Matcher type = matches(TYPE, line, number, "a TYPE line");
        family = enter(type.group(1), family, closedFamilies, number);
        if (types.put(type.group(1), type.group(2)) != null) {
          throw fail(number, line, "a second TYPE for " + type.group(1));
        }
        if (samples.keySet().stream().anyMatch(series -> belongs(series.name(), type.group(1), type.group(2)))) {
          throw fail(number, line, "TYPE after samples of " + type.group(1));
        }
      } else if (line.startsWith("#")) {
        continue; // a comment
      } else if (line.isBlank()) {
        throw fail(number, line, "a blank line");
      } else {
        Matcher sample = matches(SAMPLE, line, number, "a sample");
        String name = sample.group(1);
        if (family == null || !belongs(name, family, types.getOrDefault(family, "untyped"))) {
          family = enter(name, family, closedFamilies, number);
        }
        Series series = new Series(name, labels(sample.group(2), number, line));
        if (samples.put(series, value(sample.group(3), number, line)) != null) {
          throw fail(number, line, "the series " + series + " twice");
        }
      }
    }
    return new PrometheusText(samples, types, helps);
  }

  /** The value of the one series with exactly these labels ({@code "job", "job-1", ...}); fails if none. */
  public double value(String name, String... labels) {
    Series series = new Series(name, pairs(labels));
    Double value = samples.get(series);
    if (value == null) {
      throw new AssertionError("no series " + series + "; those named " + name + ": " + named(name));
    }
    return value;
  }

  /** The value, if the series is there. */
  public Optional<Double> find(String name, String... labels) {
    return Optional.ofNullable(samples.get(new Series(name, pairs(labels))));
  }

  /** Every series of that name, with its value. */
  public Map<Map<String, String>, Double> named(String name) {
    Map<Map<String, String>, Double> found = new LinkedHashMap<>();
    samples.forEach((series, value) -> {
      if (series.name().equals(name)) {
        found.put(series.labels(), value);
      }
    });
    return found;
  }

  /** The TYPE declared for a family, if any. */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  public Optional<String> help(String family) {
    return Optional.ofNullable(helps.get(family));
  }

  public Set<Series> series() {
    return samples.keySet();
  }

  private static String enter(String name, String current, Set<String> closed, int number) {
    if (name.equals(current)) {
      return current;
    }
    if (current != null) {
      closed.add(current);
    }
    if (closed.contains(name)) {
      throw new AssertionError("line " + number + ": the family " + name + " appears again after others began");
    }
    return name;
  }

  /** A sample named {@code name} is of the family: the family's own name, or a histogram's or summary's parts. */
  private static boolean belongs(String name, String family, String type) {
    if (name.equals(family)) {
      return true;
    }
    List<String> suffixes = switch (type) {
      case "histogram" -> List.of("_bucket", "_sum", "_count", "_created");
      case "summary" -> List.of("_sum", "_count", "_created");
      default -> List.of();
    };
    return suffixes.stream().anyMatch(suffix -> name.equals(family + suffix));
  }

  private static Map<String, String> labels(String text, int number, String line) {
    Map<String, String> labels = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher label = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!label.find(at) || label.start() != at) {
        throw fail(number, line, "a malformed label list at '" + text.substring(at) + "'");
      }
      String value = label.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
      if (labels.put(label.group(1), value) != null) {
        throw fail(number, line, "the label " + label.group(1) + " twice");
      }
      at = label.end();
    }
    return labels;
  }

  private static double value(String text, int number, String line) {
    if (SPECIAL.contains(text)) {
      return text.equals("NaN") ? Double.NaN : text.startsWith("+") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    if (!NUMBER.matcher(text).matches()) {
      throw fail(number, line, "a value that is not a number: '" + text + "'");
    }
    return Double.parseDouble(text);
  }

  private static Matcher matches(Pattern pattern, String line, int number, String what) {
    Matcher matcher = pattern.matcher(line);
    if (!matcher.matches()) {
      throw fail(number, line, "not " + what + " of the text format");
    }
    return matcher;
  }

  private static Map<String, String> pairs(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return map;
  }

  private static AssertionError fail(int number, String line, String what) {
    return new AssertionError("line " + number + " has " + what + ": " + line);
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    samples.forEach((series, value) -> lines.add(series + " " + value));
    return String.join("\n", lines);
  }
}

package io.scatter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict text-format reader the metrics tests rely on: it reads what the format allows and nothing else. */
final class PrometheusTextTest {

  private static final String GOOD = """
      # HELP scatter_partitions_total Partitions \\\\ by outcome\\nsecond line
      # TYPE scatter_partitions_total counter
      scatter_partitions_total{job="job-1",outcome="done"} 8.0
      scatter_partitions_total{job="a \\"quoted\\" \\\\ one",outcome="retried"} 0
      # a comment
      # TYPE up gauge
      up 1 1700000000000
      # TYPE lat summary
      lat_sum 1.5e3
      lat_count +Inf
      plain NaN
      """;

  @Test
  void parse_wellFormedText_readsEverySeriesAndItsLabels() {
    PrometheusText text = PrometheusText.parse(GOOD);

    assertEquals(8.0, text.value("scatter_partitions_total", "job", "job-1", "outcome", "done"));
    assertEquals(0.0, text.value("scatter_partitions_total", "outcome", "retried", "job", "a \"quoted\" \\ one"));
    assertEquals(1.0, text.value("up"));
    assertEquals(1500.0, text.value("lat_sum"));
    assertEquals(Double.POSITIVE_INFINITY, text.value("lat_count"));
    assertTrue(Double.isNaN(text.value("plain")));
    assertEquals("counter", text.type("scatter_partitions_total").orElseThrow());
    assertEquals(Map.of(), text.named("missing"));
  }

  @Test
  void parse_malformedLines_fail() {
    for (String bad : new String[] {
        "up 1",                                          // no final line break
        "up one\n",                                      // not a number
        "1up 1\n",                                       // bad metric name
        "up{job=\"a\" 1\n",                              // unclosed label list
        "up{job=a} 1\n",                                 // unquoted label value
        "up{job=\"a\",job=\"b\"} 1\n",                   // a label twice
        "up{9job=\"a\"} 1\n",                            // bad label name
        "up 1\nup 2\n",                                  // the same series twice
        "# TYPE up gauge\n# TYPE up gauge\nup 1\n",      // TYPE twice
        "# TYPE up meter\nup 1\n",                       // unknown type
        "up 1\n# TYPE up gauge\n",                       // TYPE after samples
        "a 1\nb 1\na{x=\"y\"} 1\n",                      // a family split by another
        "up 1\n\n",                                      // a blank line
        "up{job=\"a\\q\"} 1\n",                          // an escape the format has not
    }) {
      assertThrows(AssertionError.class, () -> PrometheusText.parse(bad), bad);
    }
  }

  @Test
  void value_ofAMissingSeries_failsNamingThoseThere() {
    PrometheusText text = PrometheusText.parse(GOOD);

    AssertionError missing = assertThrows(AssertionError.class,
        () -> text.value("scatter_partitions_total", "job", "job-2", "outcome", "done"));
    assertTrue(missing.getMessage().contains("job-1"), missing.getMessage());
  }
}

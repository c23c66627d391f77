package io.scatter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the report's JSON, where a value may be absent or null (a failed run, a mode without CPU time). */
final class JsonValues {

  private JsonValues() {
  }

  /** The number, or null when the field is missing, null or not a number. */
  static Double number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isNumber() ? null : value.asDouble();
  }

  /** The text, or null when the field is missing or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The elements of an array field; empty when it is missing or null. */
  static List<JsonNode> list(JsonNode node, String field) {
    List<JsonNode> items = new ArrayList<>();
    JsonNode value = node == null ? null : node.get(field);
    if (value != null && value.isArray()) {
      value.forEach(items::add);
    }
    return items;
  }

  /** Whether the object has the field with a non-null value. */
  static boolean has(JsonNode node, String field) {
    return node != null && node.hasNonNull(field);
  }
}

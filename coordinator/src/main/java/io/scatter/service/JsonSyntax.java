package io.scatter.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Locale;

/**
 * A JSON syntax error as a client can act on it: where it is (line and column) and what was wrong,
 * in one line, without the parser's internals. Jackson's own messages name its classes and
 * settings ({@code StreamReadConstraints.getMaxNumberLength()}, {@code DeserializationFeature}),
 * which mean nothing to a client and tell it which parser the service runs.
 */
final class JsonSyntax {

  private JsonSyntax() {
  }

  /**
   * @param where the parser's position when it gave up: constraint errors carry no location of their own
   */
  static String describe(JsonProcessingException e, JsonLocation where) {
    JsonLocation at = e.getLocation() != null ? e.getLocation() : where;
    String position = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "the request is not valid JSON" + position + ": " + reason(e);
  }

  private static String reason(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "a value is longer, or nested deeper, than the parser accepts";
    }
    if (e instanceof MismatchedInputException) {
      return "more follows the JSON object"; // the only mismatch a tree read reports: trailing tokens
    }
    if (e instanceof JsonEOFException) {
      return "the body ends before the JSON does";
    }
    return firstClause(e.getOriginalMessage());
  }

  /**
   * "Unrecognized token 'not': was expecting (JSON String, ...)" keeps its first clauses, up to the
   * first one that quotes the parser's code or its input source.
   */
  private static String firstClause(String message) {
    if (message == null) {
      return "unexpected input";
    }
    StringBuilder kept = new StringBuilder();
    for (String clause : message.split("\\R", 2)[0].split(": ")) {
      if (clause.contains("`") || clause.contains("[Source") || clause.contains("REDACTED")) {
        break;
      }
      kept.append(kept.length() == 0 ? "" : ": ").append(clause);
    }
    if (kept.length() == 0) {
      return "unexpected input";
    }
    String text = kept.toString();
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}

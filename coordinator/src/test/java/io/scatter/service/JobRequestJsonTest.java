package io.scatter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON form of a job request: every field read, and a shape that is wrong refused naming the field. */
final class JobRequestJsonTest {

  @Test
  void parse_everyField_isRead() {
    JobRequest request = JobRequestJson.parse("""
        {"task": "fetch", "params": {"n": "5", "m": 7, "b": true}, "range": "0..10", "partitions": 4,
         "partitionSize": 3, "maxAttempts": 2, "leaseTimeout": "30s", "speculation": false, "weight": 2.5,
         "urls": ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"], "io": "blocking", "batch": 50,
         "concurrency": 8, "timeout": "2s", "maxBody": "1MiB", "repeat": 3}
        """);

    assertEquals(new JobRequest("fetch", Map.of("n", "5", "m", "7", "b", "true"), "0..10", 4L, 3L, 2, "30s", false,
        2.5, List.of("http://127.0.0.1:9/a", "http://127.0.0.1:9/b"), "blocking", 50L, 8, "2s", "1MiB", 3L, null),
        request);
  }

  @Test
  void write_everyField_parsesBackToTheSameRequest() {
    JobRequest request = new JobRequest("fetch", Map.of("n", "5"), "0..10", 4L, 3L, 2, "30s", false, 2.5,
        List.of("http://127.0.0.1:9/a"), "blocking", 50L, 8, "2s", "1MiB", 3L, null);

    assertEquals(request, JobRequestJson.parse(JobRequestJson.write(request)));
  }

  @Test
  void write_unsetFields_areLeftOut() {
    assertEquals("{\"task\":\"primes\"}", JobRequestJson.write(JobRequest.builder().task("primes").build()));
  }

  @Test
  void write_keepBodies_isRefusedNamingTheField() {
    JobRequestException e = assertThrows(JobRequestException.class,
        () -> JobRequestJson.write(JobRequest.builder().task("fetch").keepBodies("/tmp/x").build()));

    assertEquals(Optional.of("keepBodies"), e.field());
  }

  @Test
  void fieldNames_areTheRequestsComponentsButKeepBodies() {
    List<String> components = java.util.Arrays.stream(JobRequest.class.getRecordComponents())
        .map(c -> c.getName()).filter(name -> !name.equals("keepBodies")).toList();

    assertEquals(components, JobRequestJson.fieldNames());
  }

  @Test
  void parse_absentAndNullFields_stayUnset() {
    JobRequest request = JobRequestJson.parse("{\"task\": \"primes\", \"partitions\": null}");

    assertEquals(JobRequest.builder().task("primes").build(), request);
  }

  @Test
  void parse_rangeAsFromAndTo_isTheSameAsItsText() {
    assertEquals(JobRequestJson.parse("{\"range\": \"-5..10\"}"),
        JobRequestJson.parse("{\"range\": {\"from\": -5, \"to\": 10}}"));
  }

  @Test
  void parse_bareNumbersForDurationsAndSizes_areLeftForThePrepareStepToJudge() {
    JobRequest request = JobRequestJson.parse("{\"leaseTimeout\": 30, \"maxBody\": 1048576}");

    assertEquals("30", request.leaseTimeout());
    assertEquals("1048576", request.maxBody());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"partitons\": 4}                      | partitons    | unknown field 'partitons'; a job takes task, params, range",
      "{\"keepBodies\": \"/tmp/x\"}            | keepBodies   | keepBodies is for the command line only",
      "{\"task\": 5}                           | task         | task must be a string, got 5",
      "{\"partitions\": \"four\"}              | partitions   | partitions must be a whole number, got \"four\"",
      "{\"partitions\": 2.5}                   | partitions   | partitions must be a whole number, got 2.5",
      "{\"maxAttempts\": 99999999999}          | maxAttempts  | maxAttempts must be a whole number between",
      "{\"speculation\": \"yes\"}              | speculation  | speculation must be true or false, got \"yes\"",
      "{\"weight\": \"heavy\"}                 | weight       | weight must be a number, got \"heavy\"",
      "{\"leaseTimeout\": true}                | leaseTimeout | leaseTimeout must be a duration such as \"30s\", got true",
      "{\"urls\": \"http://127.0.0.1:9/\"}     | urls         | urls must be a list of URLs",
      "{\"urls\": [\"http://a/\", 7]}          | urls         | urls: URL 2 must be a string, got 7",
      "{\"params\": [1]}                       | params       | params must be an object of task parameters",
      "{\"params\": {\"n\": {\"x\": 1}}}       | params       | params n must be a string, a number or true/false, got an object",
      "{\"range\": 10}                         | range        | range must be \"FROM..TO\" or {\"from\": FROM, \"to\": TO}, got 10",
      "{\"range\": {\"from\": 0}}              | range        | range needs both from and to",
      "{\"range\": {\"from\": 0, \"to\": 1.5}} | range        | range from and to must be whole numbers",
      "{\"range\": {\"from\": 0, \"upto\": 1}} | range        | range has no field 'upto'",
  })
  void parse_wrongShape_namesTheField(String json, String field, String expected) {
    JobRequestException e = assertThrows(JobRequestException.class, () -> JobRequestJson.parse(json));

    assertEquals(Optional.of(field), e.field());
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void parse_emptyBody_blamesTheRequestAsAWhole() {
    JobRequestException e = assertThrows(JobRequestException.class, () -> JobRequestJson.parse(new byte[0]));

    assertEquals(Optional.empty(), e.field());
    assertTrue(e.getMessage().startsWith("the request must be a JSON object of job fields"), e.getMessage());
  }

  /** Where the syntax breaks, in one line, and nothing of the parser: no class, setting or echo of its input source. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'{\"a\": [1, 2}'                        | line 1, column 12: unexpected close marker '}'",
      "'{\"weight\": NaN}'                     | line 1, column 15: non-standard token 'NaN'",
      "'not json at all'                      | line 1, column 5: unrecognized token 'not': was expecting (JSON String",
      "'{\"task\": \"a\"} {}'                  | line 1, column 15: more follows the JSON object",
  })
  void parse_syntaxError_namesThePositionNotTheParser(String json, String expected) {
    assertSyntaxError(json, expected);
  }

  @Test
  void parse_syntaxErrorOnALaterLine_namesThatLine() {
    assertSyntaxError("{\n  \"task\": \"primes\",\n  \"range\": 0..10\n}", "line 3, column 14: unexpected character");
  }

  /** Jackson's own message names StreamReadConstraints.getMaxNumberLength() and has no location. */
  @Test
  void parse_numberLongerThanTheParserTakes_namesWhereItStopped() {
    assertSyntaxError("{\"weight\": " + "1".repeat(1001) + "}",
        "line 1, column 1013: a value is longer, or nested deeper, than the parser accepts");
  }

  private static void assertSyntaxError(String json, String expected) {
    JobRequestException e = assertThrows(JobRequestException.class, () -> JobRequestJson.parse(json));

    assertEquals(Optional.empty(), e.field());
    assertTrue(e.getMessage().startsWith("the request is not valid JSON at line "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    for (String internal : List.of("StreamReadConstraints", "Feature", "jackson", "Source", "REDACTED", "`")) {
      assertFalse(e.getMessage().contains(internal), internal + " in: " + e.getMessage());
    }
  }

  @Test
  void parse_nestedTooDeep_namesWhereTheParserStopped() {
    JobRequestException e = assertThrows(JobRequestException.class,
        () -> JobRequestJson.parse("{\"params\": " + "[".repeat(1001) + "]".repeat(1001) + "}"));

    assertTrue(e.getMessage().startsWith("the request is not valid JSON at line 1, column "), e.getMessage());
    assertTrue(e.getMessage().endsWith(": a value is longer, or nested deeper, than the parser accepts"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"task\": \"primes\"                   | the request is not valid JSON at line 1, column 18: the body ends before the JSON does",
      "{\"task\": \"a\", \"task\": \"b\"}      | the request is not valid JSON at line 1, column 21: duplicate field 'task'",
      "{\"task\": \"a\"} {}                    | the request is not valid JSON at line 1, column 15: more follows the JSON object",
      "[\"primes\"]                            | the request must be a JSON object of job fields",
      "null                                    | the request must be a JSON object of job fields",
  })
  void parse_notAnObject_blamesTheRequestAsAWhole(String json, String expected) {
    JobRequestException e = assertThrows(JobRequestException.class, () -> JobRequestJson.parse(json));

    assertEquals(Optional.empty(), e.field());
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}

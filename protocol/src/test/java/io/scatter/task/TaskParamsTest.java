package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.task.ParamSpec.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TaskParamsTest {

  private static final List<ParamSpec> SPECS = List.of(
      ParamSpec.required("limit", Type.LONG, "upper bound"),
      ParamSpec.optional("threads", Type.INT, "4", "worker threads"),
      ParamSpec.optional("ratio", Type.DOUBLE, "0.5", "a fraction"),
      ParamSpec.optional("label", Type.STRING, "none", "free text"),
      ParamSpec.optional("verbose", Type.BOOLEAN, "false", "chatty output"));

  @Test
  void validate_unknownKey_throwsNamingKeyAndAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskParams.validate("demo", SPECS, Map.of("limit", "1", "bogus", "2")));

    assertTrue(e.getMessage().contains("'bogus'"), e.getMessage());
    assertTrue(e.getMessage().contains("'demo'"), e.getMessage());
    assertTrue(e.getMessage().contains("limit, threads, ratio, label, verbose"), e.getMessage());
  }

  @Test
  void validate_keyForTaskWithoutParameters_saysItTakesNone() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskParams.validate("plain", List.of(), Map.of("x", "1")));

    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertTrue(e.getMessage().contains("takes none"), e.getMessage());
  }

  @Test
  void validate_missingRequired_throwsNamingParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskParams.validate("demo", SPECS, Map.of("threads", "2")));

    assertTrue(e.getMessage().contains("'limit'"), e.getMessage());
    assertTrue(e.getMessage().contains("--param limit="), e.getMessage());
    assertTrue(e.getMessage().contains("upper bound"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "limit, ten, a long",
      "limit, 1.5, a long",
      "limit, 9223372036854775808, a long",
      "threads, 2147483648, an int",
      "threads, four, an int",
      "ratio, half, a double",
      "verbose, maybe, a boolean"})
  void validate_wrongType_throwsNamingParameterAndType(String name, String value, String type) {
    Map<String, String> given = name.equals("limit") ? Map.of(name, value) : Map.of("limit", "1", name, value);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskParams.validate("demo", SPECS, given));

    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("must be " + type), e.getMessage());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
  }

  @Test
  void validate_onlyRequiredGiven_appliesDefaults() {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", "7"));

    assertEquals(7L, params.getLong("limit"));
    assertEquals(4, params.getInt("threads"));
    assertEquals(0.5, params.getDouble("ratio"));
    assertEquals("none", params.getString("label"));
    assertFalse(params.getBoolean("verbose"));
  }

  @Test
  void validate_givenValues_overrideDefaults() {
    TaskParams params = TaskParams.validate("demo", SPECS,
        Map.of("limit", "1_000", "threads", " 8 ", "ratio", "0.25", "label", "x y", "verbose", "yes"));

    assertEquals(1_000L, params.getLong("limit"));
    assertEquals(8, params.getInt("threads"));
    assertEquals(0.25, params.getDouble("ratio"));
    assertEquals("x y", params.getString("label"));
    assertTrue(params.getBoolean("verbose"));
  }

  @ParameterizedTest
  @CsvSource({"true, true", "YES, true", "on, true", "1, true", "false, false", "No, false", "off, false", "0, false"})
  void validate_booleanSpellings_areAccepted(String raw, boolean expected) {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", "1", "verbose", raw));

    assertEquals(expected, params.getBoolean("verbose"));
  }

  @Test
  void asStrings_onlyRequiredGiven_includesDefaults() {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", "7"));

    assertEquals(Map.of("limit", "7", "threads", "4", "ratio", "0.5", "label", "none", "verbose", "false"), params.asStrings());
  }

  @Test
  void asStrings_afterValidate_isImmutable() {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", "7"));

    assertThrows(UnsupportedOperationException.class, () -> params.asStrings().put("limit", "8"));
  }

  @Test
  void get_undeclaredName_throwsNamingIt() {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", "7"));

    NullPointerException e = assertThrows(NullPointerException.class, () -> params.getLong("nope"));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void equals_sameValuesGivenOrDefaulted_areEqual() {
    TaskParams defaulted = TaskParams.validate("demo", SPECS, Map.of("limit", "7"));
    TaskParams explicit = TaskParams.validate("demo", SPECS, Map.of("limit", "7", "threads", "4"));
    TaskParams other = TaskParams.validate("demo", SPECS, Map.of("limit", "8"));

    assertEquals(defaulted, explicit);
    assertEquals(defaulted.hashCode(), explicit.hashCode());
    assertNotEquals(defaulted, other);
  }
}

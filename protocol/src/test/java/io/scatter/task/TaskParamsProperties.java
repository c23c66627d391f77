package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.task.ParamSpec.Type;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

final class TaskParamsProperties {

  private static final List<ParamSpec> SPECS = List.of(
      ParamSpec.required("limit", Type.LONG, "upper bound"),
      ParamSpec.optional("threads", Type.INT, "4", "worker threads"));

  @Property
  void validate_anyLong_roundTripsThroughItsString(@ForAll long value) {
    TaskParams params = TaskParams.validate("demo", SPECS, Map.of("limit", Long.toString(value)));

    assertEquals(value, params.getLong("limit"));
    assertEquals(Long.toString(value), params.asStrings().get("limit"));
  }

  @Property
  void validate_anyUndeclaredKey_isRefusedByName(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String key) {
    if (key.equals("limit") || key.equals("threads")) {
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskParams.validate("demo", SPECS, Map.of("limit", "1", key, "1")));

    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }
}

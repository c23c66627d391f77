package io.scatter.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task's parameters, validated once against its {@link ParamSpec}s and then immutable.
 * The raw string form is what travels to workers (it is tiny and needs no class registration);
 * every JVM re-validates it with the same specs.
 */
public final class TaskParams {

  private final Map<String, String> raw;
  private final Map<String, Object> typed;

  private TaskParams(Map<String, String> raw, Map<String, Object> typed) {
    this.raw = Map.copyOf(raw);
    this.typed = Map.copyOf(typed);
  }

  /**
   * Validates {@code given} against {@code specs}: unknown keys, missing required keys and
   * values of the wrong type are refused with a message naming the parameter.
   */
  public static TaskParams validate(String task, List<ParamSpec> specs, Map<String, String> given) {
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    specs.forEach(spec -> byName.put(spec.name(), spec));
    for (String key : given.keySet()) {
      if (!byName.containsKey(key)) {
        throw new IllegalArgumentException("task '" + task + "' has no parameter '" + key + "'"
            + (byName.isEmpty() ? " (it takes none)" : "; it takes: " + String.join(", ", byName.keySet())));
      }
    }
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, Object> typed = new LinkedHashMap<>();
    for (ParamSpec spec : specs) {
      String value = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue().orElse(null);
      if (value == null) {
        throw new IllegalArgumentException("task '" + task + "' needs parameter '" + spec.name()
            + "' (--param " + spec.name() + "=...): " + spec.description());
      }
      raw.put(spec.name(), value);
      typed.put(spec.name(), spec.parse(task, value));
    }
    return new TaskParams(raw, typed);
  }

  /** The validated values as strings, defaults included. */
  public Map<String, String> asStrings() {
    return raw;
  }

  public long getLong(String name) {
    return (Long) get(name);
  }

  public int getInt(String name) {
    return (Integer) get(name);
  }

  public double getDouble(String name) {
    return (Double) get(name);
  }

  public String getString(String name) {
    return (String) get(name);
  }

  public boolean getBoolean(String name) {
    return (Boolean) get(name);
  }

  private Object get(String name) {
    return Objects.requireNonNull(typed.get(name), () -> "no parameter '" + name + "' was declared");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskParams other && raw.equals(other.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }

  @Override
  public String toString() {
    return raw.toString();
  }
}

package io.scatter.task;

import java.util.Optional;

/**
 * One typed parameter a task accepts ({@code --param name=value}).
 *
 * @param name         the key on the command line
 * @param type         how the value is parsed and checked
 * @param defaultValue used when the parameter is not given; empty means required
 * @param description  one line for {@code scatter tasks}
 */
public record ParamSpec(String name, Type type, Optional<String> defaultValue, String description) {

  public enum Type { LONG, INT, DOUBLE, STRING, BOOLEAN }

  public static ParamSpec required(String name, Type type, String description) {
    return new ParamSpec(name, type, Optional.empty(), description);
  }

  public static ParamSpec optional(String name, Type type, String defaultValue, String description) {
    return new ParamSpec(name, type, Optional.of(defaultValue), description);
  }

  /** Parses {@code raw} into this parameter's type, or throws naming the parameter and the expected type. */
  Object parse(String task, String raw) {
    try {
      return switch (type) {
        case LONG -> Long.parseLong(raw.strip().replace("_", ""));
        case INT -> Integer.parseInt(raw.strip().replace("_", ""));
        case DOUBLE -> Double.parseDouble(raw.strip());
        case STRING -> raw;
        case BOOLEAN -> parseBoolean(raw.strip());
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + name + "' of task '" + task + "' must be "
          + article() + " " + type.name().toLowerCase() + ", got '" + raw + "'");
    }
  }

  private static Boolean parseBoolean(String raw) {
    return switch (raw.toLowerCase()) {
      case "true", "yes", "on", "1" -> Boolean.TRUE;
      case "false", "no", "off", "0" -> Boolean.FALSE;
      default -> throw new NumberFormatException(raw);
    };
  }

  private String article() {
    return type == Type.INT ? "an" : "a";
  }

  @Override
  public String toString() {
    return name + "=" + type.name().toLowerCase() + defaultValue.map(d -> " (default " + d + ")").orElse(" (required)");
  }
}

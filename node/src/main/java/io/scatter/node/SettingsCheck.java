package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every {@code scatter.*} setting once, as the configuration is loaded, so a typo or a
 * value of the wrong type fails before any work with one line naming the key and where it was set.
 * What a key should hold is read off the value the shipped files give it ({@code 60s} makes a
 * duration, {@code 64} a whole number, {@code on} a switch): no second list of keys to keep in step.
 * Blocks directly under {@code scatter} whose names end in {@code -dispatcher} are Pekko
 * dispatcher definitions, whose keys are Pekko's; they are left to Pekko.
 */
final class SettingsCheck {

  static final String ROOT = "scatter";
  private static final String DISPATCHER_SUFFIX = "-dispatcher";

  /** What a setting holds, as its shipped value shows. */
  enum Kind {
    WHOLE("a whole number"),
    NUMBER("a number"),
    SWITCH("on or off"),
    DURATION("a duration with a unit, e.g. 30s or 500ms"),
    SIZE("a size, e.g. 16MiB or 512KiB"),
    TEXT("a string"),
    LIST("a list"),
    BLOCK("a block of settings { ... }");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    static Kind of(ConfigValue shipped) {
      return switch (shipped.valueType()) {
        case OBJECT -> BLOCK;
        case LIST -> LIST;
        case BOOLEAN -> SWITCH;
        case NUMBER -> shipped.unwrapped() instanceof Double ? NUMBER : WHOLE;
        case NULL -> TEXT;
        case STRING -> ofText((String) shipped.unwrapped());
      };
    }

    private static Kind ofText(String text) {
      if (Set.of("on", "off", "yes", "no", "true", "false").contains(text.toLowerCase(Locale.ROOT))) {
        return SWITCH;
      }
      if (Units.duration(text).value().isPresent()) {
        return DURATION;
      }
      return Units.bytes(text).isPresent() ? SIZE : TEXT;
    }
  }

  private SettingsCheck() {
  }

  /**
   * @param user    what the user's layers set (system properties, application.conf or
   *                -Dconfig.file, --config FILE), unresolved
   * @param shipped the shipped defaults, resolved
   * @param merged  everything, resolved: the values in force
   * @throws IllegalArgumentException one line naming the first problem, and how many more there are
   */
  static void check(Config user, Config shipped, Config merged) {
    List<String> problems = new ArrayList<>();
    Map<String, Kind> known = new LinkedHashMap<>();
    if (shipped.hasPath(ROOT)) {
      collect(shipped.getObject(ROOT), List.of(ROOT), known);
    }
    if (user.hasPathOrNull(ROOT)) {
      ConfigValue top = user.root().get(ROOT);
      if (top instanceof ConfigObject object) {
        unknownKeys(object, List.of(ROOT), known, problems);
      }
    }
    for (Map.Entry<String, Kind> setting : known.entrySet()) {
      typeProblem(merged, setting.getKey(), setting.getValue()).ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0)
          + (problems.size() == 2 ? " (and 1 more configuration problem)"
              : problems.size() > 2 ? " (and " + (problems.size() - 1) + " more configuration problems)" : ""));
    }
  }

  /** Every shipped setting and block under {@code path}, with its kind; dispatcher blocks as blocks only. */
  private static void collect(ConfigObject object, List<String> path, Map<String, Kind> known) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      List<String> child = append(path, entry.getKey());
      Kind kind = Kind.of(entry.getValue());
      known.put(ConfigUtil.joinPath(child), kind);
      if (kind == Kind.BLOCK && !isDispatcher(child)) {
        collect((ConfigObject) entry.getValue(), child, known);
      }
    }
  }

  private static void unknownKeys(ConfigObject object, List<String> path, Map<String, Kind> known,
      List<String> problems) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      List<String> child = append(path, entry.getKey());
      if (isDispatcher(child)) {
        continue;
      }
      String key = ConfigUtil.joinPath(child);
      Kind kind = known.get(key);
      if (kind == null && entry.getValue() instanceof ConfigObject inner && !inner.isEmpty()) {
        unknownKeys(inner, child, known, problems); // name the keys inside, as the user wrote them
      } else if (kind == null) {
        problems.add("unknown setting " + key + " " + ScatterConfig.where(entry.getValue().origin())
            + Suggestion.closest(key, known.keySet()).map(k -> "; did you mean " + k + "?").orElse(""));
      } else if (kind == Kind.BLOCK && entry.getValue() instanceof ConfigObject inner) {
        unknownKeys(inner, child, known, problems);
      }
      // A known key holding the wrong kind of value is the type check's to report.
    }
  }

  private static Optional<String> typeProblem(Config merged, String key, Kind kind) {
    ConfigValue value;
    try {
      if (!merged.hasPathOrNull(key)) {
        return Optional.empty(); // its block was replaced by a value, which that block's own check reports
      }
      if (merged.getIsNull(key)) {
        return Optional.of(key + " " + ScatterConfig.where(merged.getValue(key).origin()) + " must be "
            + kind.expected + ", got null");
      }
      value = merged.getValue(key);
    } catch (ConfigException e) {
      return Optional.empty(); // a parent is not a block: reported for that parent
    }
    if (fits(merged, key, value, kind)) {
      return Optional.empty();
    }
    String where = key + " " + ScatterConfig.where(value.origin());
    if (kind == Kind.DURATION && isBareNumber(value)) {
      return Optional.of(where + " needs a unit, e.g. 30s or 500ms, got " + show(value));
    }
    return Optional.of(where + " must be " + kind.expected + ", got " + show(value));
  }

  private static boolean fits(Config merged, String key, ConfigValue value, Kind kind) {
    try {
      switch (kind) {
        case WHOLE -> {
          Number number = merged.getNumber(key);
          return !(number instanceof Double d) || d == Math.rint(d) && !d.isInfinite();
        }
        case NUMBER -> merged.getDouble(key);
        case SWITCH -> merged.getBoolean(key);
        case DURATION -> {
          return value.valueType() == ConfigValueType.STRING
              && Units.duration((String) value.unwrapped()).value().isPresent();
        }
        case SIZE -> {
          return (value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER)
              && Units.bytes(value.unwrapped().toString()).isPresent();
        }
        case TEXT -> merged.getString(key);
        case LIST -> merged.getList(key);
        case BLOCK -> {
          return value.valueType() == ConfigValueType.OBJECT;
        }
        default -> throw new AssertionError(kind);
      }
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static boolean isBareNumber(ConfigValue value) {
    return value.valueType() == ConfigValueType.NUMBER
        || value.valueType() == ConfigValueType.STRING && Units.duration((String) value.unwrapped()).problem()
            .filter(p -> p == Units.Problem.NO_UNIT).isPresent();
  }

  /** The value as the user wrote it: strings quoted, blocks and lists by name rather than in full. */
  static String show(ConfigValue value) {
    return switch (value.valueType()) {
      case STRING -> "\"" + value.unwrapped() + "\"";
      case OBJECT -> "a block { ... }";
      case LIST -> "a list";
      default -> value.render();
    };
  }

  private static boolean isDispatcher(List<String> path) {
    return path.size() == 2 && path.get(1).endsWith(DISPATCHER_SUFFIX);
  }

  private static List<String> append(List<String> path, String key) {
    List<String> child = new ArrayList<>(path);
    child.add(key);
    return child;
  }
}

package io.scatter.cli;

import io.scatter.coordinator.ExecutionMode;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code sequential,threads,actors}. */
final class ModeList {

  private ModeList() {
  }

  static List<ExecutionMode> parse(String text) {
    List<ExecutionMode> modes = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      ExecutionMode mode = ExecutionMode.parse(part);
      if (modes.contains(mode)) {
        throw new UserInputException("mode '" + mode.label() + "' is listed twice in --modes " + text);
      }
      modes.add(mode);
    }
    if (modes.isEmpty()) {
      throw new UserInputException("--modes is empty; expected a comma-separated list of: " + ExecutionMode.labels());
    }
    return modes;
  }
}

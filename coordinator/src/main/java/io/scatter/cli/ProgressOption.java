package io.scatter.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --progress[=bar|json] / --no-progress}, for the commands that run jobs. */
final class ProgressOption {

  @Option(names = "--progress", arity = "0..1", fallbackValue = "bar", paramLabel = "STYLE",
      description = "show progress on stderr: bar (redrawn in place; the default when stderr is a terminal) "
          + "or json (a JSON line a second and a last one at the end, for scripts)")
  String style;

  @Option(names = "--no-progress", description = "show no progress, even on a terminal")
  boolean off;

  /** What the command shows, on {@code err}. */
  Progress choose(PrintWriter err) {
    if (off) {
      if (style != null) {
        throw new UserInputException("--progress and --no-progress contradict each other; give one");
      }
      return Progress.NONE;
    }
    if (style == null) {
      // stderr, not the JVM's console: the bar goes to stderr, and stdout may be a file (> answer.txt).
      return Terminal.stderrIsTerminal() ? new Progress(ProgressBar.Style.BAR, err) : Progress.NONE;
    }
    return switch (style.toLowerCase(Locale.ROOT)) {
      case "bar" -> new Progress(ProgressBar.Style.BAR, err);
      case "json" -> new Progress(ProgressBar.Style.JSON, err);
      default -> throw new UserInputException("--progress must be bar or json, got '" + style + "'");
    };
  }
}

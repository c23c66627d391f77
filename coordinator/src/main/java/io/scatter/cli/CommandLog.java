package io.scatter.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.scatter.localcluster.CoordinatorLauncher;
import io.scatter.node.ScatterConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Where one command's log lines go: to stderr with {@code --verbose} and for {@code scatter node}
 * and the coordinator 'cluster up' starts (whose output is already a log file: 'cluster up'
 * redirects it), otherwise to a
 * {@link QuietLog} file under {@code scatter.log.dir}, named in one line at the end.
 */
final class CommandLog {

  private static final String NODE_COMMAND = "scatter node";

  private QuietLog quiet;

  /** The execution strategy: route the log, then run the command as picocli would. */
  int execute(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    String name = leaf.commandSpec().qualifiedName();
    // A coordinator `cluster up` started has its output in coordinator.log already, as a node has.
    boolean outputIsLog = System.getenv(CoordinatorLauncher.OUTPUT_IS_LOG) != null;
    if (!Verbosity.isVerbose() && !outputIsLog && !name.equals(NODE_COMMAND) && !name.startsWith(NODE_COMMAND + " ")) {
      quiet = file(leaf, name).flatMap(QuietLog::route).orElse(null);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** After the command, its exit message included: the one line about what was logged, if anything was. */
  void finish(PrintWriter err) {
    if (quiet == null) {
      return;
    }
    quiet.close();
    quiet.summary().ifPresent(err::println);
    err.flush();
    quiet = null;
  }

  /**
   * {@code <scatter.log.dir>/scatter-run-<pid>.log}, the directory from the command's own --config if
   * it has one; empty when not even the defaults load (the command then says why, in its own words).
   */
  private static Optional<Path> file(CommandLine.ParseResult leaf, String name) {
    try {
      Path dir = LogSettings.from(config(leaf)).dir();
      return Optional.of(dir.resolve(name.replace(' ', '-') + "-" + ProcessHandle.current().pid() + ".log")
          .toAbsolutePath().normalize());
    } catch (IllegalArgumentException | ConfigException e) {
      return Optional.empty();
    }
  }

  private static Config config(CommandLine.ParseResult leaf) {
    Optional<CommonOptions> common = leaf.commandSpec().mixins().values().stream()
        .map(CommandLine.Model.CommandSpec::userObject)
        .filter(CommonOptions.class::isInstance).map(CommonOptions.class::cast).findFirst();
    try {
      return common.isPresent() ? common.get().config() : defaults();
    } catch (IllegalArgumentException e) {
      // A bad --config is the command's to report; the log goes where the defaults say.
      return defaults();
    }
  }

  /** Only scatter's own settings: the log's folder is one, and Pekko's references cost a fresh JVM 75 ms. */
  private static Config defaults() {
    return ScatterConfig.loadScatterOnly(Optional.empty(), false);
  }
}

package io.scatter.cli;

import com.typesafe.config.ConfigException;
import io.scatter.coordinator.JobFailedException;
import io.scatter.node.ScatterConfig;
import io.scatter.node.fetch.CompletionPool;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scatter} command: run, compare and inspect jobs. */
@Command(name = "scatter", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "A distributed, actor-based job runner: split a job into partitions and run them "
        + "sequentially, on a thread pool, or on per-core worker actors, and compare what each costs.")
public final class Scatter implements Runnable {

  /**
   * The subcommands by name, in the order the usage lists them. Picocli builds a command's whole model
   * (every option, mixin and description) when it is added to the tree, about 0.2 s of a fresh JVM's
   * CPU for all of them, so a command line that names one gets that one alone ({@link #tree}). The
   * names are written out: reading them from the 14 classes' annotations cost every command 50 ms
   * (ScatterTest checks that they agree).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = byName(
      "run", RunCommand.class, "compare", CompareCommand.class, "node", NodeCommand.class,
      "cluster", ClusterCommand.class, "test-server", TestServerCommand.class,
      "coordinator", CoordinatorServerCommand.class, "submit", SubmitCommand.class, "jobs", JobsCommand.class,
      "nodes", NodesCommand.class, "cancel", CancelCommand.class, "certs", CertsCommand.class,
      "tasks", TasksCommand.class, "demo", DemoCommand.class, "help", CommandLine.HelpCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before anything touches the common ForkJoinPool: see CompletionPool.
    CompletionPool.install();
    WarmUp.start(args);
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line with the given streams; returns the exit code. Tests call this. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(tree(CommandLine.defaultFactory(), args), out, err, args);
  }

  /**
   * The command tree {@code args} needs: only the subcommand they name, or every one when they name
   * none (the usage lists them all). {@code help} names none of its own: it describes the others. The
   * same one level down, for a subcommand with subcommands of its own ({@code cluster down}).
   */
  static CommandLine tree(CommandLine.IFactory factory, String... args) {
    CommandLine root = new CommandLine(new Scatter(), factory);
    Class<?> named = args.length == 0 || args[0].equals("help") ? null : SUBCOMMANDS.get(args[0]);
    try {
      if (named != null) {
        root.addSubcommand(args[0], command(factory, named, args.length > 1 ? args[1] : null));
      } else {
        for (Map.Entry<String, Class<?>> subcommand : SUBCOMMANDS.entrySet()) {
          root.addSubcommand(subcommand.getKey(), command(factory, subcommand.getValue(), null));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the command " + named, e);
    }
    return root;
  }

  /** {@code type}'s command with its own subcommands, if any: the one {@code next} names, or all. */
  private static CommandLine command(CommandLine.IFactory factory, Class<?> type, String next) throws Exception {
    CommandLine command = new CommandLine(factory.create(type), factory);
    Map<String, Class<?>> nested = type == ClusterCommand.class ? ClusterCommand.SUBCOMMANDS : Map.of();
    Class<?> chosen = next == null ? null : nested.get(next);
    for (Map.Entry<String, Class<?>> subcommand : nested.entrySet()) {
      if (chosen == null || subcommand.getValue() == chosen) {
        command.addSubcommand(subcommand.getKey(), factory.create(subcommand.getValue()));
      }
    }
    return command;
  }

  /** @param namesAndClasses a name, then its command's class, and so on: in the order the usage lists them */
  static Map<String, Class<?>> byName(Object... namesAndClasses) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (int i = 0; i < namesAndClasses.length; i += 2) {
      byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }

  /** The same for a command tree a test has added to (a command built with a test double). */
  static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
    // Bind SLF4J before any actor thread logs, or it buffers and "replays" those calls with a warning.
    LoggerFactory.getILoggerFactory();
    cli.setOut(out);
    cli.setErr(err);
    // Counts as people write them: 1_000_000 reads like the range syntax 0..50_000_000 does.
    cli.registerConverter(Long.class, Scatter::wholeNumber);
    cli.registerConverter(Long.TYPE, Scatter::wholeNumber);
    cli.registerConverter(Integer.class, Scatter::intNumber);
    cli.registerConverter(Integer.TYPE, Scatter::intNumber);
    HelpDefaults.install(cli);
    cli.setParameterExceptionHandler(Scatter::onBadArguments);
    cli.setExecutionExceptionHandler(Scatter::onFailure);
    // One command per call: a test's earlier --verbose must not make this one loud.
    Verbosity.reset();
    CommandLog log = new CommandLog();
    cli.setExecutionStrategy(log::execute);
    try {
      return cli.execute(args);
    } finally {
      log.finish(err);
    }
  }

  /** Picocli turns the TypeConversionException into "Invalid value for option '--workers': ...". */
  private static long wholeNumber(String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number"
          + (text.replace("_", "").matches("-?[0-9]+") ? " between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE : ""));
    }
  }

  private static int intNumber(String text) {
    long value = wholeNumber(text);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number between "
          + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One line naming the problem, then where to look; never the whole usage text. */
  private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(qualifiedName(command) + ": " + e.getMessage()
        + " (see '" + qualifiedName(command) + " --help')");
    return ExitCodes.BAD_INPUT;
  }

  private static int onFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (e instanceof UserInputException || e instanceof IllegalArgumentException) {
      err.println(qualifiedName(command) + ": " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    ConfigException config = configProblem(e);
    if (config != null) {
      // A setting read where SettingsCheck could not foresee the problem (ScatterConfig checks on load).
      err.println(qualifiedName(command) + ": " + ScatterConfig.describe(config));
      return ExitCodes.BAD_INPUT;
    }
    if (e instanceof JobFailedException) {
      err.println(qualifiedName(command) + ": job failed: " + e.getMessage());
      return ExitCodes.JOB_FAILED;
    }
    if (e instanceof NodeCommand.NodeFailure || e instanceof IllegalStateException) {
      err.println(qualifiedName(command) + ": " + e.getMessage());
      return ExitCodes.JOB_FAILED;
    }
    err.println(qualifiedName(command) + ": unexpected error: " + e
        + (Verbosity.isVerbose() ? "" : " (run with --verbose for details)"));
    if (Verbosity.isVerbose()) {
      e.printStackTrace(err);
    }
    return ExitCodes.JOB_FAILED;
  }

  private static ConfigException configProblem(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException config) {
        return config;
      }
    }
    return null;
  }

  private static String qualifiedName(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }
}

package io.scatter.cli;

import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scatter tasks}: what can run here, one line each. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "List the available tasks (built-in and from jars on the classpath) and their parameters.")
final class TasksCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (RangeTask<?> task : TaskRegistry.load().all()) {
      String params = task.params().stream().map(ParamSpec::toString).collect(Collectors.joining(", "));
      out.printf("%-16s %s%s%n", task.name(), task.description(), params.isEmpty() ? "" : " [" + params + "]");
    }
    return ExitCodes.OK;
  }
}

package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scatter jobs}: a coordinator's jobs, newest first, as a table. */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List the jobs of a coordinator's job API, newest first.")
final class JobsCommand implements Callable<Integer> {

  /** An answer or error longer than this is cut, so one job stays one line. */
  private static final int LAST_COLUMN = 60;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ApiOptions api;

  @Option(names = "--limit", paramLabel = "N",
      description = "at most N jobs (default: the coordinator's scatter.api.list-default)")
  Integer limit;

  @Mixin
  CommonOptions common = CommonOptions.scatterOnly();

  @Override
  public Integer call() {
    JsonNode list;
    try (ApiClient client = api.client(common.config())) {
      list = client.list(Optional.ofNullable(limit));
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonNode jobs = list.get("jobs");
    if (jobs.isEmpty()) {
      out.println("no jobs");
      return ExitCodes.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "STATE", "TASK", "DONE", "ANSWER / ERROR"});
    for (JsonNode job : jobs) {
      String last = job.hasNonNull("answer") ? job.get("answer").asText()
          : job.hasNonNull("error") ? job.get("error").asText() : "";
      rows.add(new String[] {job.get("id").asText(), job.get("state").asText(), job.get("task").asText(),
          job.get("partitionsDone").asLong() + "/" + job.get("partitions").asLong(), cut(last)});
    }
    TextTable.print(out, rows);
    return ExitCodes.OK;
  }

  private static String cut(String text) {
    String one = text.replace('\n', ' ');
    return one.length() > LAST_COLUMN ? one.substring(0, LAST_COLUMN - 3) + "..." : one;
  }
}

package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code scatter nodes}: a coordinator's cluster as a table, one line per worker under its node:
 * the members (the coordinator answering marked {@code (this)} when it has no name), their
 * workers, and the coordinator's jobs on each worker with the partitions leased to it now and the
 * one it is running, when that has run longer than a progress interval.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show the nodes of a coordinator's cluster, their workers and the jobs on each.")
final class NodesCommand implements Callable<Integer> {

  private static final String[] HEADER = {"NODE", "ADDRESS", "ROLES", "STATUS", "WORKER", "LEASED", "JOBS"};

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ApiOptions api;

  @Mixin
  CommonOptions common = CommonOptions.scatterOnly();

  @Override
  public Integer call() {
    JsonNode nodes;
    try (ApiClient client = api.client(common.config())) {
      nodes = client.nodes().get("nodes");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (nodes.isEmpty()) {
      out.println("no nodes");
      return ExitCodes.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode node : nodes) {
      String[] first = {name(node), node.get("address").asText(), roles(node), status(node), "-", "", ""};
      JsonNode workers = node.get("workers");
      if (workers.isEmpty()) {
        rows.add(first);
      }
      for (int i = 0; i < workers.size(); i++) {
        String[] row = i == 0 ? first : new String[] {"", "", "", "", "", "", ""};
        JsonNode worker = workers.get(i);
        row[4] = worker.get("name").asText();
        row[5] = Integer.toString(worker.get("leased").asInt());
        row[6] = jobs(worker.get("jobs"));
        rows.add(row);
      }
    }
    TextTable.print(out, rows);
    return ExitCodes.OK;
  }

  private static String name(JsonNode node) {
    return node.hasNonNull("name") ? node.get("name").asText() : node.get("self").asBoolean() ? "(this)" : "-";
  }

  private static String roles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    node.get("roles").forEach(role -> roles.add(role.asText()));
    return roles.isEmpty() ? "-" : String.join(",", roles);
  }

  private static String status(JsonNode node) {
    return node.get("status").asText() + (node.get("reachable").asBoolean() ? "" : ", unreachable");
  }

  /**
   * {@code 1-3fa2c1 (3), 2-3fa2c1 (0)}: each job and the partitions it has leased to the worker;
   * a partition it has run for a while shows as {@code 1-3fa2c1 (2, running #7 for 5.1 s, 12%)}.
   */
  private static String jobs(JsonNode jobs) {
    if (jobs.isEmpty()) {
      return "idle";
    }
    List<String> each = new ArrayList<>();
    for (JsonNode job : jobs) {
      String running = "";
      JsonNode run = job.get("running");
      if (run != null && !run.isNull()) {
        running = String.format(Locale.ROOT, ", running #%d for %.1f s, %s%%", run.get("partition").asLong(),
            run.get("forMs").asLong() / 1000.0, percent(run.get("progress").asDouble()));
      }
      each.add(job.get("id").asText() + " (" + job.get("leased").asInt() + running + ")");
    }
    return String.join(", ", each);
  }

  /** Whole percents, or two decimals below 1 %: a partition of 10^17 numbers moves slowly. */
  private static String percent(double fraction) {
    double percent = fraction * 100;
    return percent >= 1 ? Long.toString((long) percent) : String.format(Locale.ROOT, "%.2f", percent);
  }
}

package io.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code scatter nodes}: a coordinator's cluster as a table, one line per worker under its node:
 * the members (the coordinator answering marked {@code (this)} when it has no name), their
 * workers, and the coordinator's jobs on each worker with the partitions leased to it now.
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
  CommonOptions common;

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

  /** {@code 1-3fa2c1 (3), 2-3fa2c1 (0)}: each job and the partitions it has leased to the worker. */
  private static String jobs(JsonNode jobs) {
    if (jobs.isEmpty()) {
      return "idle";
    }
    List<String> each = new ArrayList<>();
    jobs.forEach(job -> each.add(job.get("id").asText() + " (" + job.get("leased").asInt() + ")"));
    return String.join(", ", each);
  }
}

package io.scatter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.coordinator.NodeReport;
import java.util.List;

/**
 * {@link NodeReport}s as the API writes them, every field always there ({@code name} null when the
 * node has none); {@code leased} is the sum over the worker's jobs. A job's {@code running} is the
 * partition the worker runs now, once that has run longer than a progress interval: which one, for
 * how long, and how far it got ({@code done} and {@code size} as strings: they may pass 2^63).
 *
 * <pre>{@code
 * {"nodes":[{"address":"127.0.0.1:2551","name":"node-1","roles":["worker"],"status":"up",
 *   "reachable":true,"self":false,"workers":[{"name":"worker-1","path":"pekko://scatter@127.0.0.1:2551/user/worker-1",
 *   "leased":3,"jobs":[{"id":"1-3fa2c1","leased":3,
 *   "running":{"partition":7,"forMs":5120,"done":"120000000","size":"1000000000","progress":0.12}}]}]}]}
 * }</pre>
 */
final class NodeJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeJson() {
  }

  static ObjectNode nodes(List<NodeReport> nodes) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putArray("nodes");
    nodes.forEach(node -> array.add(node(node)));
    return root;
  }

  private static ObjectNode node(NodeReport node) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("address", node.address());
    json.put("name", node.name().orElse(null));
    ArrayNode roles = json.putArray("roles");
    node.roles().forEach(roles::add);
    json.put("status", node.status());
    json.put("reachable", node.reachable());
    json.put("self", node.self());
    ArrayNode workers = json.putArray("workers");
    for (NodeReport.Worker worker : node.workers()) {
      ObjectNode w = workers.addObject();
      w.put("name", worker.name());
      w.put("path", worker.path());
      w.put("leased", worker.leased());
      ArrayNode jobs = w.putArray("jobs");
      for (NodeReport.Work work : worker.jobs()) {
        ObjectNode job = jobs.addObject().put("id", work.jobId()).put("leased", work.leased());
        work.running().ifPresent(running -> job.putObject("running")
            .put("partition", running.partition())
            .put("forMs", running.runningMillis())
            .put("done", Long.toUnsignedString(running.done()))
            .put("size", Long.toUnsignedString(running.size()))
            .put("progress", Math.round(running.fraction() * 10_000) / 10_000.0));
      }
    }
    return json;
  }
}

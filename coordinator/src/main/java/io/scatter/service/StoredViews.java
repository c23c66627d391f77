package io.scatter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.LatencyRecorder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An ended job's view as a journal keeps it, and back: so a restarted coordinator lists the jobs
 * that ended before with their answers and stats. The stats' worker events are not kept: they are
 * stamped with the old JVM's clock and mean nothing to the new one. Nor is the work per worker, which
 * only a report of the run itself draws.
 */
final class StoredViews {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredViews() {
  }

  static String write(JobView view) {
    ObjectNode node = JSON.createObjectNode()
        .put("id", view.id()).put("task", view.task()).put("mode", view.mode()).put("state", view.state().name())
        .put("weight", view.weight()).put("partitionsDone", view.partitionsDone()).put("partitions", view.partitions())
        .put("retries", view.retries()).put("submitted", view.submitted().toString());
    view.ended().ifPresent(ended -> node.put("ended", ended.toString()));
    view.answer().ifPresent(answer -> node.put("answer", answer));
    view.error().ifPresent(error -> node.put("error", error));
    view.stats().ifPresent(stats -> {
      ObjectNode s = node.putObject("stats")
          .put("partitions", stats.partitions()).put("retries", stats.retries()).put("duplicates", stats.duplicates())
          .put("messagesToWorkers", stats.messagesToWorkers()).put("messagesFromWorkers", stats.messagesFromWorkers())
          .put("peakWorkers", stats.peakWorkers()).put("wireBytes", stats.wireBytes())
          .put("speculated", stats.speculated()).put("workerCpuNanos", stats.workerCpuNanos());
      s.putObject("latency").put("count", stats.latency().count()).put("p50Millis", stats.latency().p50Millis())
          .put("p99Millis", stats.latency().p99Millis()).put("maxMillis", stats.latency().maxMillis());
    });
    return node.toString();
  }

  /** @throws IllegalArgumentException when the text is not a view this class wrote */
  static JobView read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Optional<JobStats> stats = Optional.ofNullable(node.get("stats")).map(StoredViews::stats);
      return new JobView(text(node, "id"), text(node, "task"), text(node, "mode"),
          JobStatus.valueOf(text(node, "state")), node.required("weight").asDouble(),
          node.required("partitionsDone").asLong(), node.required("partitions").asLong(),
          node.required("retries").asLong(), Instant.parse(text(node, "submitted")),
          optional(node, "ended").map(Instant::parse), optional(node, "answer"), optional(node, "error"), stats);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a stored job view: " + e.getMessage(), e);
    }
  }

  private static JobStats stats(JsonNode s) {
    JsonNode latency = s.required("latency");
    return new JobStats(s.required("partitions").asLong(), s.required("retries").asLong(),
        s.required("duplicates").asLong(),
        new LatencyRecorder.Latency(latency.required("count").asLong(), latency.required("p50Millis").asDouble(),
            latency.required("p99Millis").asDouble(), latency.required("maxMillis").asDouble()),
        s.required("messagesToWorkers").asLong(), s.required("messagesFromWorkers").asLong(),
        s.required("peakWorkers").asInt(), s.required("wireBytes").asLong(), s.required("speculated").asLong(),
        List.of(), s.required("workerCpuNanos").asLong());
  }

  private static String text(JsonNode node, String field) {
    return node.required(field).asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    return Optional.ofNullable(node.get(field)).map(JsonNode::asText);
  }
}

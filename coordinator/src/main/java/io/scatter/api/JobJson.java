package io.scatter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.service.JobView;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;

/**
 * {@link JobView}s as the API writes them. Every field is always there, so a client reads one
 * shape: an absent value ({@code ended}, {@code answer}, {@code error}, {@code stats}) is null.
 * Instants are ISO-8601 in UTC; {@code stats} is written field for field as {@code scatter run
 * --json} writes a run's stats (partitions, retries, duplicates, latency, messages, wire bytes...).
 *
 * <pre>{@code
 * {"id":"…","url":"/jobs/…","task":"primes","state":"RUNNING","weight":1.0,
 *  "partitionsDone":3,"partitions":8,"submitted":"2026-12-02T00:00:00Z","ended":null,
 *  "answer":null,"error":null,"stats":null}
 * }</pre>
 */
final class JobJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JobJson() {
  }

  static ObjectNode view(JobView job) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", job.id());
    node.put("url", JobRoutes.location(job.id()));
    node.put("task", job.task());
    node.put("state", job.state().name());
    node.put("weight", job.weight());
    node.put("partitionsDone", job.partitionsDone());
    node.put("partitions", job.partitions());
    node.put("submitted", job.submitted().toString());
    node.put("ended", job.ended().map(Object::toString).orElse(null));
    node.put("answer", job.answer().orElse(null));
    node.put("error", job.error().orElse(null));
    node.set("stats", job.stats().<com.fasterxml.jackson.databind.JsonNode>map(MAPPER::valueToTree)
        .orElse(MAPPER.nullNode()));
    return node;
  }

  /** {@code {"jobs":[…],"limit":20}}, newest first as the service lists them. */
  static ObjectNode list(List<JobView> jobs, int limit) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode array = node.putArray("jobs");
    jobs.forEach(job -> array.add(view(job)));
    node.put("limit", limit);
    return node;
  }

  static HttpEntity.Strict entity(ObjectNode node) {
    try {
      return HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an answer as JSON", e);
    }
  }
}

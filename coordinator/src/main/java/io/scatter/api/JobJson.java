package io.scatter.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scatter.coordinator.JobStats;
import io.scatter.service.JobView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;

/**
 * {@link JobView}s as the API writes them. Every field is always there, so a client reads one
 * shape: an absent value ({@code ended}, {@code answer}, {@code error}, {@code stats}) is null.
 * {@code mode} is where the job runs, as {@code run --mode} names it; {@code retries} counts partitions
 * dispatched again so far while it runs, and is the stats' count once it ended.
 * Instants are ISO-8601 in UTC; {@code stats} is written field for field as {@code scatter run
 * --json} writes a run's stats (partitions, retries, duplicates, latency, messages, wire bytes...).
 * A job alone has its task stream ({@code spans}); a list leaves it out, or twenty jobs would be megabytes.
 *
 * <pre>{@code
 * {"id":"…","url":"/jobs/…","task":"primes","mode":"cluster","state":"RUNNING","weight":1.0,
 *  "partitionsDone":3,"partitions":8,"retries":0,"submitted":"2026-12-02T00:00:00Z","ended":null,
 *  "answer":null,"error":null,"stats":null}
 * }</pre>
 */
final class JobJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Stats as a list writes them: without the task stream. */
  private static final ObjectMapper LISTED = new ObjectMapper().addMixIn(JobStats.class, WithoutSpans.class);

  @JsonIgnoreProperties({"spans"})
  private abstract static class WithoutSpans { }
  /** About one job's view with its stats: the buffer seldom grows. */
  private static final int INITIAL_BYTES = 1024;

  private JobJson() {
  }

  /** One job, written straight to bytes: building a tree first was a visible part of a tiny job's cost. */
  static HttpEntity.Strict entity(JobView job) {
    return write(generator -> view(generator, job, MAPPER));
  }

  /** {@code {"jobs":[…],"limit":20}}, newest first as the service lists them. */
  static HttpEntity.Strict entity(List<JobView> jobs, int limit) {
    return write(generator -> {
      generator.writeStartObject();
      generator.writeArrayFieldStart("jobs");
      for (JobView job : jobs) {
        view(generator, job, LISTED);
      }
      generator.writeEndArray();
      generator.writeNumberField("limit", limit);
      generator.writeEndObject();
    });
  }

  private static void view(JsonGenerator generator, JobView job, ObjectMapper stats) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("id", job.id());
    generator.writeStringField("url", JobRoutes.location(job.id()));
    generator.writeStringField("task", job.task());
    generator.writeStringField("mode", job.mode());
    generator.writeStringField("state", job.state().name());
    generator.writeNumberField("weight", job.weight());
    generator.writeNumberField("partitionsDone", job.partitionsDone());
    generator.writeNumberField("partitions", job.partitions());
    generator.writeNumberField("retries", job.retries());
    generator.writeStringField("submitted", job.submitted().toString());
    generator.writeStringField("ended", job.ended().map(Object::toString).orElse(null));
    generator.writeStringField("answer", job.answer().orElse(null));
    generator.writeStringField("error", job.error().orElse(null));
    generator.writeFieldName("stats");
    if (job.stats().isPresent()) {
      stats.writeValue(generator, job.stats().get());
    } else {
      generator.writeNull();
    }
    generator.writeEndObject();
  }

  private interface Writing {
    void to(JsonGenerator generator) throws IOException;
  }

  private static HttpEntity.Strict write(Writing writing) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BYTES);
    try (JsonGenerator generator = MAPPER.createGenerator(bytes)) {
      writing.to(generator);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an answer as JSON", e);
    }
    return HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes.toByteArray());
  }

  static HttpEntity.Strict entity(ObjectNode node) {
    try {
      return HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an answer as JSON", e);
    }
  }
}

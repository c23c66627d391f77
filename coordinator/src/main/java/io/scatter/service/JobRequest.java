package io.scatter.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as a user asks for it, before anything is checked: the one description that both the
 * command line ({@code scatter run}, {@code compare}) and the HTTP API produce, so neither can build
 * a job the other cannot. {@link JobRequests#prepare} is the one place that validates it and turns
 * it into a runnable job. A {@code null} component was not given: it falls back to {@link JobDefaults}
 * (or, for a range, to the task's own default). The component names are the field names of the
 * JSON form ({@link JobRequestJson}) and of {@link JobRequestException#field()}.
 *
 * @param task          the task's name; a fetch job may leave it out
 * @param params        task parameters, never null
 * @param range         {@code FROM..TO}, half open
 * @param partitions    cut the range into this many partitions (not with {@code partitionSize}); at most
 *                      the range's size
 * @param partitionSize cut the range into partitions of this many elements
 * @param maxAttempts   attempts per partition before the job fails
 * @param leaseTimeout  a duration with a unit, e.g. {@code 30s}: a partition held longer is dispatched again
 * @param speculation   whether idle workers may run copies of stragglers near the end
 * @param weight        the job's share of the workers against other jobs; from 1 to 1000 ({@link JobRequests#MAX_WEIGHT})
 * @param urls          a fetch job's URLs, in order; null for other jobs
 * @param io            blocking, async or virtual
 * @param batch         URLs per partition
 * @param concurrency   requests in flight per worker (async, virtual)
 * @param timeout       per request, a duration with a unit
 * @param maxBody       a size, e.g. {@code 16MiB} or {@code 1048576} (bytes)
 * @param repeat        fetch the list this many times over; the list times this is at most {@code scatter.fetch.max-urls}
 * @param keepBodies    a folder to write each body to; the command line's alone, since a service
 *                      should not write files where a remote caller says (the JSON form has no such field)
 * @param jars          the SHA-256 digests of uploaded jars the task comes from, in lookup order; empty for a
 *                      task on the classpath, never null
 */
public record JobRequest(String task, Map<String, String> params, String range, Long partitions, Long partitionSize,
    Integer maxAttempts, String leaseTimeout, Boolean speculation, Double weight, List<String> urls, String io,
    Long batch, Integer concurrency, String timeout, String maxBody, Long repeat, String keepBodies,
    List<String> jars) {

  public JobRequest {
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    urls = urls == null ? null : List.copyOf(urls);
    jars = jars == null ? List.of() : List.copyOf(jars);
  }

  /** A request of a task on the classpath. */
  public JobRequest(String task, Map<String, String> params, String range, Long partitions, Long partitionSize,
      Integer maxAttempts, String leaseTimeout, Boolean speculation, Double weight, List<String> urls, String io,
      Long batch, Integer concurrency, String timeout, String maxBody, Long repeat, String keepBodies) {
    this(task, params, range, partitions, partitionSize, maxAttempts, leaseTimeout, speculation, weight, urls, io,
        batch, concurrency, timeout, maxBody, repeat, keepBodies, List.of());
  }

  /** A fetch job: it has URLs, or names the fetch task. */
  public boolean isFetch() {
    return urls != null || JobRequests.FETCH_TASK.equals(task);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This request with some fields changed. */
  public Builder toBuilder() {
    return new Builder().task(task).params(params).range(range).partitions(partitions).partitionSize(partitionSize)
        .maxAttempts(maxAttempts).leaseTimeout(leaseTimeout).speculation(speculation).weight(weight).urls(urls).io(io)
        .batch(batch).concurrency(concurrency).timeout(timeout).maxBody(maxBody).repeat(repeat).keepBodies(keepBodies)
        .jars(jars);
  }

  /** Fields are set one at a time, as flags or JSON fields are read; unset ones stay null. */
  public static final class Builder {
    private String task;
    private Map<String, String> params = Map.of();
    private String range;
    private Long partitions;
    private Long partitionSize;
    private Integer maxAttempts;
    private String leaseTimeout;
    private Boolean speculation;
    private Double weight;
    private List<String> urls;
    private String io;
    private Long batch;
    private Integer concurrency;
    private String timeout;
    private String maxBody;
    private Long repeat;
    private String keepBodies;
    private List<String> jars = List.of();

    private Builder() {
    }

    public Builder task(String value) {
      task = value;
      return this;
    }

    public Builder params(Map<String, String> value) {
      params = value == null ? Map.of() : value;
      return this;
    }

    public Builder range(String value) {
      range = value;
      return this;
    }

    public Builder partitions(Long value) {
      partitions = value;
      return this;
    }

    public Builder partitionSize(Long value) {
      partitionSize = value;
      return this;
    }

    public Builder maxAttempts(Integer value) {
      maxAttempts = value;
      return this;
    }

    public Builder leaseTimeout(String value) {
      leaseTimeout = value;
      return this;
    }

    public Builder speculation(Boolean value) {
      speculation = value;
      return this;
    }

    public Builder weight(Double value) {
      weight = value;
      return this;
    }

    public Builder urls(List<String> value) {
      urls = value;
      return this;
    }

    public Builder io(String value) {
      io = value;
      return this;
    }

    public Builder batch(Long value) {
      batch = value;
      return this;
    }

    public Builder concurrency(Integer value) {
      concurrency = value;
      return this;
    }

    public Builder timeout(String value) {
      timeout = value;
      return this;
    }

    public Builder maxBody(String value) {
      maxBody = value;
      return this;
    }

    public Builder repeat(Long value) {
      repeat = value;
      return this;
    }

    public Builder keepBodies(String value) {
      keepBodies = value;
      return this;
    }

    public Builder jars(List<String> value) {
      jars = value == null ? List.of() : value;
      return this;
    }

    public JobRequest build() {
      return new JobRequest(task, params, range, partitions, partitionSize, maxAttempts, leaseTimeout, speculation,
          weight, urls, io, batch, concurrency, timeout, maxBody, repeat, keepBodies, jars);
    }
  }
}

package io.scatter.service;

import io.scatter.coordinator.Job;
import io.scatter.node.fetch.FetchTask;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.BoundTask;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one path from a {@link JobRequest} to a runnable {@link Job}, for the command line and the
 * HTTP API alike: every field checked, absent ones taken from {@link JobDefaults}, a fetch job's
 * URLs and I/O options turned into the fetch task's parameters ({@link FetchJobs}). Anything wrong
 * is a {@link JobRequestException} blaming one field.
 */
public final class JobRequests {

  static final String FETCH_TASK = FetchTask.NAME;

  /** The weight of a job that does not give one: an equal share. */
  public static final double DEFAULT_WEIGHT = JobSpec.DEFAULT_WEIGHT;

  /**
   * The range a request's weight must lie in. Weights are relative, so nothing below the default is
   * needed (raise the others instead), and at 1000 a job already gets 99.9 % of a worker against one
   * default job: past that a colleague's job on a shared cluster would only wait, never run.
   */
  public static final double MIN_WEIGHT = 1;
  public static final double MAX_WEIGHT = 1000;

  private final JobDefaults defaults;
  private final TaskRegistry registry;

  public JobRequests(JobDefaults defaults, TaskRegistry registry) {
    this.defaults = defaults;
    this.registry = registry;
  }

  public JobDefaults defaults() {
    return defaults;
  }

  public TaskRegistry registry() {
    return registry;
  }

  /** A job that runs in this JVM or on a cluster whose messages can carry any URL list. */
  public Job prepare(JobRequest request) {
    return prepare(request, Optional.empty());
  }

  /**
   * @param oneMessage when the job runs in a cluster: how long a fetch job's URL list may be
   * @throws JobRequestException naming the field that is wrong
   */
  public Job prepare(JobRequest request, Optional<UrlListLimit> oneMessage) {
    double weight = weight(request);
    String task;
    Map<String, String> params;
    Optional<LongRange> range;
    Split split;
    Duration lease;
    List<String> jars = jars(request);
    if (request.isFetch()) {
      if (!jars.isEmpty()) {
        throw new JobRequestException("jars", "a fetch job runs scatter's own fetch task: it takes no {jars}");
      }
      FetchJobs.Fetch fetch = FetchJobs.of(request, defaults, oneMessage);
      task = FETCH_TASK;
      params = fetch.params();
      range = Optional.empty();
      split = new Split.BySize(fetch.batch());
      lease = request.leaseTimeout() != null ? Fields.positiveDuration("leaseTimeout", request.leaseTimeout())
          : defaults.leaseTimeout().plus(fetch.slowestBatch());
    } else {
      FetchJobs.refuseFetchFields(request);
      if (request.task() == null) {
        throw new JobRequestException("task", "which task? give {task} NAME (available: "
            + String.join(", ", registry.all().stream().map(RangeTask::name).toList()) + ")");
      }
      task = request.task();
      params = request.params();
      range = Optional.ofNullable(request.range()).map(JobRequests::parseRange);
      split = split(request);
      lease = request.leaseTimeout() != null ? Fields.positiveDuration("leaseTimeout", request.leaseTimeout())
          : defaults.leaseTimeout();
    }
    int attempts = request.maxAttempts() != null
        ? (int) Fields.atLeast("maxAttempts", request.maxAttempts(), 1) : defaults.maxAttempts();
    boolean speculation = request.speculation() != null ? request.speculation() : defaults.speculation();
    BoundTask bound = bind(task, params, jars);
    LongRange resolved = range.or(() -> bound.task().defaultRange(bound.params())).orElseThrow(() ->
        new JobRequestException("range", "task '" + task + "' needs a range: give {range} FROM..TO"));
    try {
      bound.task().validate(bound.params(), resolved);
    } catch (IllegalArgumentException e) {
      // A task says what it refuses in its own words; those about the range blame the range.
      throw new JobRequestException(e.getMessage().contains("range") ? "range" : "params", e.getMessage());
    }
    refuseMorePartitionsThanNumbers(request, resolved);
    try {
      split.plan(resolved);
    } catch (IllegalArgumentException e) {
      throw new JobRequestException(request.isFetch() ? "batch" : "partitionSize", e.getMessage());
    }
    return Job.prepare(new JobSpec(new TaskRef(task, params, jars), Optional.of(resolved), split, attempts, lease,
        speculation, weight), registry);
  }

  /**
   * The request's weight, checked: its share of the workers against other jobs.
   *
   * @throws JobRequestException when it is not a number from {@link #MIN_WEIGHT} to {@link #MAX_WEIGHT}
   */
  public static double weight(JobRequest request) {
    return request.weight() == null ? DEFAULT_WEIGHT
        : Fields.between("weight", request.weight(), MIN_WEIGHT, MAX_WEIGHT, "a share against other jobs; 1 is the default");
  }

  /**
   * A partition count the user gave must fit the range: the plan would quietly cut it to one partition
   * per number, and the job would not be the one asked for. The default count is cut to fit, as it
   * always was: nobody asked for it.
   */
  private static void refuseMorePartitionsThanNumbers(JobRequest request, LongRange range) {
    Long partitions = request.partitions();
    if (partitions != null && Long.compareUnsigned(partitions, range.size()) > 0) {
      String numbers = Long.toUnsignedString(range.size());
      throw new JobRequestException("partitions", "{partitions} " + partitions + " is more than the " + numbers
          + " numbers in {range} " + range.from() + ".." + range.to() + (range.isEmpty() ? ": the range is empty"
          : ": give at most " + numbers));
    }
  }

  /** The request's jar digests, each checked to be one (an uploaded jar is looked for when the task is bound). */
  private static List<String> jars(JobRequest request) {
    for (String digest : request.jars()) {
      try {
        TaskRef.requireDigest(digest);
      } catch (IllegalArgumentException e) {
        throw new JobRequestException("jars", e.getMessage());
      }
    }
    if (request.jars().stream().distinct().count() != request.jars().size()) {
      throw new JobRequestException("jars", "{jars} names a jar twice: " + request.jars());
    }
    return request.jars();
  }

  private BoundTask bind(String task, Map<String, String> params, List<String> jars) {
    TaskRegistry tasks;
    try {
      tasks = registry.forJars(jars); // the jars' own loader: may refuse them (not uploaded, tampered, not allowed)
    } catch (IllegalArgumentException e) {
      throw new JobRequestException("jars", e.getMessage());
    }
    try {
      tasks.get(task);
    } catch (IllegalArgumentException e) {
      throw new JobRequestException("task", e.getMessage());
    }
    try {
      return tasks.bind(new TaskRef(task, new LinkedHashMap<>(params)));
    } catch (IllegalArgumentException e) {
      throw new JobRequestException("params", e.getMessage());
    }
  }

  private static LongRange parseRange(String text) {
    try {
      return LongRange.parse(text);
    } catch (IllegalArgumentException e) {
      throw new JobRequestException("range", e.getMessage());
    }
  }

  private Split split(JobRequest request) {
    if (request.partitions() != null && request.partitionSize() != null) {
      throw new JobRequestException("partitionSize", "give {partitions} or {partitionSize}, not both");
    }
    if (request.partitionSize() != null) {
      return new Split.BySize(Fields.atLeast("partitionSize", request.partitionSize(), 1));
    }
    return new Split.IntoCount(request.partitions() != null
        ? Fields.atLeast("partitions", request.partitions(), 1) : defaults.partitions());
  }
}

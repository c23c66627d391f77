package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.Job;
import io.scatter.node.WorkerPool;
import io.scatter.protocol.JobSpec;
import io.scatter.protocol.LongRange;
import io.scatter.protocol.Split;
import io.scatter.protocol.TaskRef;
import io.scatter.task.TaskRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What job to run: the options shared by {@code run} and {@code compare}. Unset options fall back to conf/. */
final class JobOptions {

  @Option(names = {"-t", "--task"}, paramLabel = "NAME", description = "task to run (see 'scatter tasks')")
  String task;

  @Option(names = {"-r", "--range"}, paramLabel = "FROM..TO",
      description = "half-open range [FROM, TO) of longs, e.g. 0..50_000_000 (some tasks have a default)")
  String range;

  @ArgGroup(exclusive = true)
  SplitOptions split = new SplitOptions();

  static final class SplitOptions {
    @Option(names = {"-p", "--partitions"}, paramLabel = "N",
        description = "cut the range into N partitions (default scatter.job.partitions)")
    Long partitions;

    @Option(names = "--partition-size", paramLabel = "N", description = "cut the range into partitions of N elements")
    Long partitionSize;
  }

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a task parameter; repeat for several")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "attempts per partition before the job fails (default scatter.job.max-attempts)")
  Integer maxAttempts;

  @Option(names = "--lease-timeout", paramLabel = "DURATION",
      description = "re-dispatch a partition held longer than this, e.g. 30s (default scatter.job.lease-timeout)")
  String leaseTimeout;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "worker threads or actors (default scatter.execution.workers; 0 = one per core)")
  Integer workers;

  Job prepare(Config config, TaskRegistry registry) {
    return prepare(config, registry, config.getBoolean("scatter.job.speculation"));
  }

  Job prepare(Config config, TaskRegistry registry, boolean speculation) {
    if (task == null) {
      throw new UserInputException("which task? give --task NAME (available: "
          + String.join(", ", registry.all().stream().map(t -> t.name()).toList()) + ")");
    }
    Optional<LongRange> parsedRange = Optional.ofNullable(range).map(LongRange::parse);
    JobSpec spec = new JobSpec(new TaskRef(task, params), parsedRange, split(config), attempts(config), lease(config),
        speculation);
    return Job.prepare(spec, registry);
  }

  int workers(Config config) {
    int configured = workers != null ? workers : config.getInt("scatter.execution.workers");
    if (configured < 0) {
      throw new UserInputException("--workers must be at least 1 (or 0 for one per core), got " + configured);
    }
    return WorkerPool.resolveCount(configured);
  }

  private Split split(Config config) {
    if (split.partitionSize != null) {
      requirePositive("--partition-size", split.partitionSize);
      return new Split.BySize(split.partitionSize);
    }
    long count = split.partitions != null ? split.partitions : config.getLong("scatter.job.partitions");
    requirePositive("--partitions", count);
    return new Split.IntoCount(count);
  }

  private int attempts(Config config) {
    int attempts = maxAttempts != null ? maxAttempts : config.getInt("scatter.job.max-attempts");
    requirePositive("--max-attempts", attempts);
    return attempts;
  }

  private Duration lease(Config config) {
    return leaseTimeout == null ? config.getDuration("scatter.job.lease-timeout")
        : OptionValues.positiveDuration("--lease-timeout", leaseTimeout);
  }

  private static void requirePositive(String option, long value) {
    if (value < 1) {
      throw new UserInputException(option + " must be at least 1, got " + value);
    }
  }
}

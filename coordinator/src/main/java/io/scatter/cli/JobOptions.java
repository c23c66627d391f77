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
        description = "cut the range into N partitions (default: ${bundle:scatter.job.partitions})")
    Long partitions;

    @Option(names = "--partition-size", paramLabel = "N", description = "cut the range into partitions of N elements")
    Long partitionSize;
  }

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a task parameter; repeat for several")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "attempts per partition before the job fails (default: ${bundle:scatter.job.max-attempts})")
  Integer maxAttempts;

  @Option(names = "--lease-timeout", paramLabel = "DURATION",
      description = "re-dispatch a partition held longer than this, e.g. 30s (default: ${bundle:scatter.job.lease-timeout})")
  String leaseTimeout;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "worker threads or actors; 0 = one per core (default: ${bundle:scatter.execution.workers})")
  Integer workers;

  /**
   * The lease a fetch job works out for itself ({@link FetchOptions#applyTo}); used when
   * --lease-timeout was not given, in place of scatter.job.lease-timeout.
   */
  Duration derivedLease;

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
    int configured = Setting.flagOr("--workers", workers, config, "scatter.execution.workers", Config::getInt)
        .require(n -> n >= 0, "at least 1 (or 0 for one per core)");
    return WorkerPool.resolveCount(configured);
  }

  private Split split(Config config) {
    if (split.partitionSize != null) {
      return new Split.BySize(Setting.flag("--partition-size", split.partitionSize).atLeast(1));
    }
    return new Split.IntoCount(
        Setting.flagOr("--partitions", split.partitions, config, "scatter.job.partitions", Config::getLong).atLeast(1));
  }

  private int attempts(Config config) {
    return (int) Setting.flagOr("--max-attempts", maxAttempts, config, "scatter.job.max-attempts", Config::getInt)
        .atLeast(1);
  }

  /** --lease-timeout, else the one a fetch job derived, else scatter.job.lease-timeout. */
  Duration lease(Config config) {
    if (leaseTimeout != null) {
      return OptionValues.positiveDuration("--lease-timeout", leaseTimeout);
    }
    return derivedLease != null ? derivedLease : configuredLease(config);
  }

  /** scatter.job.lease-timeout, checked. */
  Duration configuredLease(Config config) {
    return Setting.config(config, "scatter.job.lease-timeout", Config::getDuration)
        .require(d -> !d.isNegative() && !d.isZero(), "positive");
  }
}

package io.scatter.cli;

import io.scatter.service.JobRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What job to run: the options shared by {@code run}, {@code compare} and {@code submit}. Unset
 * options fall back to conf/ (for {@code submit}, the coordinator's). How many workers run it is
 * {@link WorkersOption}'s, which {@code submit} does not take.
 */
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

  @Option(names = "--weight", paramLabel = "W",
      description = "the job's share of a cluster's workers against other jobs running at once, from 1 to 1000 "
          + "(default: 1, an equal share)")
  Double weight;

  /**
   * The job these options describe, as the HTTP API would describe it too: unset options stay
   * unset, for {@link io.scatter.service.JobRequests} to fill from conf/. A fetch job's options are
   * {@link FetchOptions#addTo}'s to add.
   */
  @Option(names = "--jar", paramLabel = "FILE",
      description = "the task comes from this jar, shipped with the job (uploaded, fetched by each node on first use); "
          + "repeat for several, looked up in order")
  List<java.nio.file.Path> jars = new ArrayList<>();

  /** The {@code --jar} files, each a file this user can read: a typo is one line before anything is sent or stored. */
  List<java.nio.file.Path> readableJars() {
    for (java.nio.file.Path jar : jars) {
      if (!java.nio.file.Files.exists(jar)) {
        throw new UserInputException("--jar " + jar + ": no such file");
      }
      if (!java.nio.file.Files.isRegularFile(jar)) {
        throw new UserInputException("--jar " + jar + ": cannot read it (" + (java.nio.file.Files.isDirectory(jar)
            ? "it is a directory" : "it is not a regular file") + ")");
      }
      if (!java.nio.file.Files.isReadable(jar)) {
        throw new UserInputException("--jar " + jar + ": permission denied");
      }
    }
    return jars;
  }

  JobRequest.Builder request() {
    return JobRequest.builder().task(task).params(params).range(range).partitions(split.partitions)
        .partitionSize(split.partitionSize).maxAttempts(maxAttempts).leaseTimeout(leaseTimeout).weight(weight);
  }
}

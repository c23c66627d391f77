package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.node.WorkerPool;
import picocli.CommandLine.Option;

/**
 * {@code --workers}, for the commands that run jobs in this JVM ({@code run}, {@code compare}): apart
 * from {@link JobOptions}, so {@code submit}, whose jobs run on a coordinator's workers, neither
 * lists nor takes it.
 */
final class WorkersOption {

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "worker threads or actors; 0 = one per core (default: ${bundle:scatter.execution.workers})")
  Integer workers;

  int resolve(Config config) {
    int configured = Setting.flagOr("--workers", workers, config, "scatter.execution.workers", Config::getInt)
        .require(n -> n >= 0, "at least 1 (or 0 for one per core)");
    return WorkerPool.resolveCount(configured);
  }
}

package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.JobRunner;
import io.scatter.coordinator.JobRunners;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one job in several modes, one after the other, and checks that they all computed the same
 * answer. A mode that fails is reported in its row; the others still run.
 */
final class Comparison {

  private final Config config;
  private final TaskRegistry registry;
  private final int workers;
  private final Boolean progress;
  private final int warmupRuns;
  private final JobRunners.ClusterTarget cluster;

  /** @param cluster where cluster mode runs; only asked for its seeds when a cluster row is wanted */
  Comparison(Config config, TaskRegistry registry, int workers, Boolean progress, int warmupRuns,
      JobRunners.ClusterTarget cluster) {
    this.config = config;
    this.cluster = cluster;
    this.registry = registry;
    this.workers = workers;
    this.progress = progress;
    this.warmupRuns = warmupRuns;
  }

  Report run(Job job, List<ExecutionMode> modes) {
    List<RunRow> rows = new ArrayList<>();
    List<RunResult> results = new ArrayList<>();
    Double sequentialSeconds = null;
    for (ExecutionMode mode : modes) {
      int modeWorkers = mode == ExecutionMode.SEQUENTIAL ? 1 : workers;
      ProgressListener bar = ProgressListener.NONE;
      try (JobRunner runner = JobRunners.create(mode, config, modeWorkers, registry, cluster)) {
        // Untimed runs first, so no mode is charged for class loading and JIT compilation the others got for free.
        for (int i = 0; i < warmupRuns; i++) {
          runner.run(job.rerun(), ProgressListener.NONE);
        }
        bar = ProgressBar.open(mode.label(), progress);
        RunResult result = runner.run(job.rerun(), bar);
        results.add(result);
        if (mode == ExecutionMode.SEQUENTIAL) {
          sequentialSeconds = result.wallSeconds();
        }
        rows.add(RunRow.of(result, sequentialSeconds));
      } catch (JobFailedException e) {
        rows.add(RunRow.failed(mode.label(), modeWorkers, e.stats(), e.getMessage()));
      } finally {
        ProgressBar.close(bar);
      }
    }
    boolean agree = rows.stream().allMatch(r -> r.error() == null)
        && results.stream().map(RunResult::value).distinct().count() <= 1;
    return Report.of(job, rows, agree, null);
  }

  /** Prints which modes disagreed, one line each, naming their answers. */
  static void printDisagreement(Report report, PrintWriter err) {
    for (RunRow row : report.runs()) {
      err.println("  " + row.mode() + ": " + Objects.requireNonNullElse(row.error(), "answer " + row.answer()));
    }
  }
}

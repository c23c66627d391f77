package io.scatter.cli;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobBackends;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.service.RunnerJobService;
import io.scatter.service.TimedRun;
import io.scatter.task.TaskRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one job in several modes, one after the other, and checks that they all computed the same
 * answer. A mode that fails is reported in its row; the others still run. Each mode's runs go
 * through a job service of its own over that mode's backend, as {@code run}'s do.
 */
final class Comparison {

  private final Config config;
  private final TaskRegistry registry;
  private final int workers;
  private final Progress progress;
  private final int warmupRuns;
  private final JobBackends.ClusterTarget cluster;
  private final CancelOnExit interrupt;

  /** @param cluster where cluster mode runs; only asked for its seeds when a cluster row is wanted */
  Comparison(Config config, TaskRegistry registry, int workers, Progress progress, int warmupRuns,
      JobBackends.ClusterTarget cluster) {
    this(config, registry, workers, progress, warmupRuns, cluster, null);
  }

  /** @param interrupt Ctrl-C cancels the mode running and no further mode starts; null: no such hook */
  Comparison(Config config, TaskRegistry registry, int workers, Progress progress, int warmupRuns,
      JobBackends.ClusterTarget cluster, CancelOnExit interrupt) {
    this.interrupt = interrupt;
    this.config = config;
    this.cluster = cluster;
    this.registry = registry;
    this.workers = workers;
    this.progress = progress;
    this.warmupRuns = warmupRuns;
  }

  /** One mode's run: its row, and its result when it succeeded (null when it failed). */
  record ModeRun(RunRow row, RunResult result) { }

  Report run(Job job, List<ExecutionMode> modes) {
    List<ModeRun> runs = runEach(job, modes);
    List<RunRow> rows = runs.stream().map(ModeRun::row).toList();
    boolean agree = rows.stream().allMatch(r -> r.error() == null)
        && runs.stream().map(r -> r.result().value()).distinct().count() <= 1;
    return Report.of(job, rows, agree, null);
  }

  /** Runs {@code job} in each mode in turn; speedups are against this call's sequential run, if any. */
  List<ModeRun> runEach(Job job, List<ExecutionMode> modes) {
    List<ModeRun> runs = new ArrayList<>();
    Double sequentialSeconds = null;
    for (ExecutionMode mode : modes) {
      if (interrupted()) {
        break;
      }
      int modeWorkers = mode == ExecutionMode.SEQUENTIAL ? 1 : workers;
      ProgressListener bar = ProgressListener.NONE;
      try (RunnerJobService service = watched(RunnerJobService.open(
          JobBackends.create(mode, config, modeWorkers, registry, cluster),
          JobBackends.configFor(mode, config, cluster), registry))) {
        // Untimed runs first, so no mode is charged for class loading and JIT compilation the others got for free.
        for (int i = 0; i < warmupRuns; i++) {
          TimedRun.run(service, job, ProgressListener.NONE, modeWorkers);
        }
        bar = progress.open(mode.label(), job.partitionCount());
        RunResult result = TimedRun.run(service, job, bar, modeWorkers);
        if (mode == ExecutionMode.SEQUENTIAL) {
          sequentialSeconds = result.wallSeconds();
        }
        runs.add(new ModeRun(RunRow.of(result, sequentialSeconds), result));
      } catch (JobFailedException e) {
        runs.add(new ModeRun(RunRow.failed(mode.label(), modeWorkers, e.stats(), e.getMessage()), null));
      } finally {
        ProgressBar.close(bar);
      }
    }
    return runs;
  }

  /** Whether Ctrl-C came: the rows so far are all there will be. */
  boolean interrupted() {
    return interrupt != null && interrupt.cancelling();
  }

  private RunnerJobService watched(RunnerJobService service) {
    return interrupt == null ? service : interrupt.watch(service);
  }

  /** Prints which modes disagreed, one line each, naming their answers. */
  static void printDisagreement(Report report, PrintWriter err) {
    for (RunRow row : report.runs()) {
      err.println("  " + row.mode() + ": " + Objects.requireNonNullElse(row.error(), "answer " + row.answer()));
    }
  }
}

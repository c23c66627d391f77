package io.scatter.cli;

import io.scatter.chaos.Baseline;
import io.scatter.chaos.ChaosMonkey;
import io.scatter.chaos.ClusterNodeFaults;
import io.scatter.chaos.FaultSpec;
import io.scatter.chaos.FaultTimeline;
import io.scatter.coordinator.ClusterRunner;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobFailedException;
import io.scatter.coordinator.ProgressListener;
import io.scatter.coordinator.RunResult;
import io.scatter.localcluster.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A cluster run with faults injected at points of its progress, optionally after fault-free runs
 * of the same job (scatter.chaos.baseline-runs of them) to measure what the faults cost against
 * how much runs vary anyway.
 */
final class ChaosRun {

  /** The run with faults and its timeline, with the fault-free wall times if they were measured. */
  record Outcome(RunResult result, FaultTimeline timeline) { }

  private ChaosRun() {
  }

  /** @param baselineRuns fault-free runs before the faulted one; 0 for none */
  static Outcome run(ClusterRunner runner, Job job, List<FaultSpec> faults, Path stateDir, int baselineRuns,
      ProgressListener progress) {
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < baselineRuns; i++) {
      runs.add(runner.run(job.rerun(), ProgressListener.NONE).wallSeconds());
    }
    Baseline baseline = runs.isEmpty() ? null : new Baseline(runs);
    try (ClusterNodeFaults nodeFaults = new ClusterNodeFaults(runner::workerNodes, LocalCluster.read(stateDir),
        runner::control)) {
      ChaosMonkey monkey = new ChaosMonkey(faults, nodeFaults, progress, new Random());
      RunResult result;
      try {
        result = runner.run(job, monkey);
      } catch (JobFailedException e) {
        monkey.close();
        throw e;
      }
      monkey.close();
      FaultTimeline timeline = FaultTimeline.of(monkey.injected(), result.stats().events(), result.startNanos(),
          result.stats().duplicates(), result.wallSeconds(), baseline);
      return new Outcome(result, timeline);
    }
  }
}

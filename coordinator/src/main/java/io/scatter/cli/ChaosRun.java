package io.scatter.cli;

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
import java.util.List;
import java.util.Random;

/**
 * A cluster run with faults injected at points of its progress, optionally after a fault-free
 * run of the same job to measure what the faults cost.
 */
final class ChaosRun {

  /** The run with faults, its timeline, and the fault-free wall time if one was measured. */
  record Outcome(RunResult result, FaultTimeline timeline) { }

  private ChaosRun() {
  }

  static Outcome run(ClusterRunner runner, Job job, List<FaultSpec> faults, Path stateDir, boolean baseline,
      ProgressListener progress) {
    Double baselineSeconds = baseline ? runner.run(job.rerun(), ProgressListener.NONE).wallSeconds() : null;
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
          result.stats().duplicates(), result.wallSeconds(), baselineSeconds);
      return new Outcome(result, timeline);
    }
  }
}

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
import io.scatter.service.RunnerJobService;
import io.scatter.service.TimedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A cluster run with faults injected at points of its progress, optionally after fault-free runs
 * of the same job (scatter.chaos.baseline-runs of them) to measure what the faults cost against
 * how much runs vary anyway. Every run goes through the command's job service; the faults go to
 * the nodes of the cluster its backend joined.
 */
final class ChaosRun {

  /** The run with faults and its timeline, with the fault-free wall times if they were measured. */
  record Outcome(RunResult result, FaultTimeline timeline) { }

  private ChaosRun() {
  }

  /**
   * @param runner       the backend of {@code service}: where the nodes are found and told to fail
   * @param baselineRuns fault-free runs before the faulted one; 0 for none
   */
  static Outcome run(RunnerJobService service, ClusterRunner runner, Job job, List<FaultSpec> faults, Path stateDir,
      int baselineRuns, ProgressListener progress) {
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < baselineRuns; i++) {
      runs.add(TimedRun.run(service, job, ProgressListener.NONE, 0).wallSeconds());
    }
    Baseline baseline = runs.isEmpty() ? null : new Baseline(runs);
    try (ClusterNodeFaults nodeFaults = new ClusterNodeFaults(runner::workerNodes, runner::busyWorkerNodes, LocalCluster.read(stateDir),
        runner::control)) {
      ChaosMonkey monkey = new ChaosMonkey(faults, nodeFaults, progress, new Random(), service.ticker());
      RunResult result;
      try {
        result = TimedRun.run(service, job, monkey, 0);
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

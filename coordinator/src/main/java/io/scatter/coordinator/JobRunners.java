package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.ClusterAddress;
import io.scatter.task.TaskRegistry;
import java.util.List;
import java.util.function.Supplier;

/** Builds the runner for an execution mode. */
public final class JobRunners {

  /**
   * Where cluster mode finds its cluster.
   *
   * @param config a cluster member's configuration ({@code ScatterConfig.loadForCluster}), supplied
   *               lazily: the cluster's name may come from the local cluster's record
   * @param seeds  supplied lazily: looking them up may mean starting a local cluster
   * @param host   the address the coordinator listens on
   */
  public record ClusterTarget(Supplier<Config> config, Supplier<List<ClusterAddress>> seeds, String host) { }

  private JobRunners() {
  }

  public static JobRunner create(ExecutionMode mode, Config config, int workers, TaskRegistry registry,
      ClusterTarget cluster) {
    return switch (mode) {
      case SEQUENTIAL -> LocalRunner.sequential();
      case THREADS -> LocalRunner.threads(workers);
      case ACTORS -> new ActorRunner(config, workers, registry);
      case CLUSTER -> new ClusterRunner(cluster.config().get(), cluster.seeds().get(), cluster.host());
    };
  }
}

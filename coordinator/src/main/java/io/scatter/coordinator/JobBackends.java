package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.node.ClusterAddress;
import io.scatter.task.TaskRegistry;
import java.util.List;
import java.util.function.Supplier;

/** Builds the backend for an execution mode: what the job service runs jobs on. */
public final class JobBackends {

  /**
   * Where cluster mode finds its cluster.
   *
   * @param config a cluster member's configuration ({@code ScatterConfig.loadForCluster}), supplied
   *               lazily: the cluster's name may come from the local cluster's record
   * @param seeds  supplied lazily: looking them up may mean starting a local cluster
   * @param host   the address the coordinator listens on
   */
  public record ClusterTarget(Supplier<Config> config, Supplier<List<ClusterAddress>> seeds, String host) { }

  private JobBackends() {
  }

  /**
   * @param config  the configuration of the in-process modes
   * @param workers threads or worker actors of the in-process modes (sequential: 1)
   * @param cluster cluster mode's cluster; only asked in that mode
   */
  public static JobBackend create(ExecutionMode mode, Config config, int workers, TaskRegistry registry,
      ClusterTarget cluster) {
    return switch (mode) {
      case SEQUENTIAL -> LocalRunner.sequential();
      case THREADS -> LocalRunner.threads(workers);
      case ACTORS -> new ActorRunner(config, workers, registry);
      case CLUSTER -> new ClusterRunner(cluster.config().get(), cluster.seeds().get(), cluster.host());
    };
  }

  /** The configuration a service over {@code mode}'s backend reads its settings from: cluster mode's is the member's. */
  public static Config configFor(ExecutionMode mode, Config config, ClusterTarget cluster) {
    return mode == ExecutionMode.CLUSTER ? cluster.config().get() : config;
  }
}

package io.scatter.coordinator;

import com.typesafe.config.Config;
import io.scatter.task.TaskRegistry;

/** Builds the runner for an execution mode. */
public final class JobRunners {

  private JobRunners() {
  }

  public static JobRunner create(ExecutionMode mode, Config config, int workers, TaskRegistry registry) {
    return switch (mode) {
      case SEQUENTIAL -> LocalRunner.sequential();
      case THREADS -> LocalRunner.threads(workers);
      case ACTORS -> new ActorRunner(config, workers, registry);
    };
  }
}

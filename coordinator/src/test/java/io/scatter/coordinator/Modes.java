package io.scatter.coordinator;

import io.scatter.node.ScatterConfig;
import io.scatter.task.TaskRegistry;
import java.util.List;

/** The in-process runners, built the way the command line builds them. */
final class Modes {

  static final int WORKERS = 2;

  private Modes() {
  }

  /**
   * One runner per in-process mode; the caller closes each ({@code try (runner)}), or the actor
   * runner's system and its worker threads outlive the test.
   */
  static List<JobRunner> inProcess() {
    return List.of(LocalRunner.sequential(), LocalRunner.threads(WORKERS + 1),
        new ActorRunner(ScatterConfig.load(), WORKERS, TaskRegistry.load()));
  }
}

package io.scatter.node;

import io.scatter.protocol.WorkerCommand;
import io.scatter.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** Spawns a JVM's worker actors, each on its own dedicated (pinned, one-thread) dispatcher. */
public final class WorkerPool {

  private WorkerPool() {
  }

  public static List<ActorRef<WorkerCommand>> spawn(
      ActorContext<?> context, int count, Worker.TaskResolver resolver, WorkerSettings settings, Ticker ticker) {
    if (count < 1) {
      throw new IllegalArgumentException("a node needs at least 1 worker, got " + count);
    }
    List<ActorRef<WorkerCommand>> workers = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      workers.add(context.spawn(Worker.create(resolver, settings, ticker), "worker-" + i,
          DispatcherSelector.fromConfig(settings.dispatcher())));
    }
    return List.copyOf(workers);
  }

  /** The worker count to use: the configured value, or one per available core when it is 0. */
  public static int resolveCount(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}

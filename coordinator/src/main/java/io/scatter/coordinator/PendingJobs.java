package io.scatter.coordinator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The jobs one actor system has started and not yet reported, so that if the system stops under
 * them (closed, or downed by the cluster) each still gets an outcome instead of a wait that never
 * ends. One entry per running job, dropped at its end: a long-lived service does not collect a
 * callback per job it ever ran.
 */
final class PendingJobs {

  private record Pending(Job job, CompletableFuture<JobOutcome> done) { }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ActorSystem<?> system;
  private final Function<Job, String> whyStopped;

  /** @param whyStopped what a job's failure says when the system stopped before it ended */
  PendingJobs(ActorSystem<?> system, Function<Job, String> whyStopped) {
    this.system = system;
    this.whyStopped = whyStopped;
    system.getWhenTerminated().thenRun(this::failAll);
  }

  /**
   * The future {@code job}'s outcome will complete; failed at once if the system has already stopped,
   * or if a job of the same id is still pending (its entry, which covers it, is left alone).
   */
  CompletableFuture<JobOutcome> add(Job job) {
    CompletableFuture<JobOutcome> done = new CompletableFuture<>();
    Pending entry = new Pending(job, done);
    if (pending.putIfAbsent(job.id(), entry) != null) {
      done.completeExceptionally(new IllegalStateException("job " + job.id() + " is already running"));
      return done;
    }
    done.whenComplete((outcome, error) -> pending.remove(job.id(), entry));
    if (system.whenTerminated().isCompleted()) {
      failAll();
    }
    return done;
  }

  private void failAll() {
    pending.values().forEach(p -> p.done().complete(new JobOutcome.Failed(whyStopped.apply(p.job()),
        JobStats.local(p.job().partitionCount(), 0, LatencyRecorder.Latency.NONE, 0, List.of(), 0))));
  }
}

package io.scatter.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a coordinator tells a worker. The interface is open so a worker actor can add private
 * messages of its own (timers, continuations) to the same behaviour.
 */
public interface WorkerCommand {

  /**
   * A job has work: the worker starts pulling partitions of {@code jobId} from {@code coordinator},
   * beside any other jobs it serves. {@code weight} is the job's share of the worker relative to
   * theirs (1 by default); offered again, a known job is asked afresh and keeps its queue.
   * {@code lifeline} is the {@code host:port} of the coordinator JVM's lifeline, a TCP socket that
   * carries no data and that the worker's node holds open while it lives, so the coordinator sees
   * the node's death the moment its connection closes; empty when there is none (same JVM).
   * {@code progressMillis} is how often, at least, a partition running long sends a
   * {@link CoordinatorCommand.Progress} (the job's lease is a few times that); 0 leaves it to the worker.
   * {@code jars} serves the jars {@code task} names ({@link TaskRef#jars()}) to a node that lacks
   * them; null when the task ships no code.
   */
  record Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator, double weight, String lifeline,
      long progressMillis, ActorRef<JarCommand> jars) implements WorkerCommand, JobMessage, ScatterMessage {

    public static final double DEFAULT_WEIGHT = 1.0;
    /** No lifeline: the coordinator is in the worker's JVM, or runs without one. */
    public static final String NO_LIFELINE = "";
    /** The worker's own progress interval is soon enough for this job. */
    public static final long WORKER_PROGRESS = 0;

    public Offer {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("a job's weight must be a positive number, got " + weight);
      }
      if (lifeline == null) {
        throw new IllegalArgumentException("an offer's lifeline is a host:port or empty, never null");
      }
      if (progressMillis < 0) {
        throw new IllegalArgumentException("an offer's progress interval must not be negative, got " + progressMillis);
      }
      if (task.shipsCode() && jars == null) {
        throw new IllegalArgumentException("an offer of a task from uploaded jars says where to fetch them");
      }
    }

    /** An offer of a task on the classpath. */
    public Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator, double weight, String lifeline,
        long progressMillis) {
      this(jobId, task, coordinator, weight, lifeline, progressMillis, null);
    }

    /** An offer that leaves the progress interval to the worker. */
    public Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator, double weight, String lifeline) {
      this(jobId, task, coordinator, weight, lifeline, WORKER_PROGRESS);
    }

    /** An offer without a lifeline. */
    public Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator, double weight) {
      this(jobId, task, coordinator, weight, NO_LIFELINE);
    }

    /** An offer of the default weight, without a lifeline. */
    public Offer(String jobId, TaskRef task, ActorRef<CoordinatorCommand> coordinator) {
      this(jobId, task, coordinator, DEFAULT_WEIGHT);
    }
  }

  /** Partitions leased to this worker, in answer to a {@link CoordinatorCommand.Pull}. */
  record Assign(String jobId, List<Partition> partitions) implements WorkerCommand, JobMessage, ScatterMessage {

    public Assign {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * The job is over (finished, failed or cancelled): the worker drops that job's queued partitions
   * and results and stops pulling for it; its other jobs carry on.
   */
  record JobEnded(String jobId) implements WorkerCommand, JobMessage, ScatterMessage {
  }

  /**
   * The coordinator has a {@link CoordinatorCommand.Return} of this job and every message the worker
   * sent before it (one sender's messages arrive in order): a leaving worker has handed that job
   * everything it owes it.
   */
  record ReturnReceived(String jobId) implements WorkerCommand, ScatterMessage {
  }
}

package io.scatter.coordinator;

import io.scatter.protocol.WorkerCommand;
import io.scatter.protocol.wire.WireBudget;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What one job's coordinator sends its workers, fitted to the wire: the job's offer (checked once
 * against the frame size), assignments split into as many messages as frames need, and a count of
 * every message sent. Owned by its {@link JobCoordinator} and used on its thread only.
 */
final class WorkerLink {

  private final Job job;
  private final WorkerCommand.Offer offer;
  private final ActorSystem<?> system;
  /** Measures messages to workers in other JVMs; made when the first such worker appears. */
  private WireBudget budget;
  /** The offer is the same for every worker: measured once, for the first worker in another JVM. */
  private boolean offerMeasured;
  private long messagesSent;

  WorkerLink(Job job, WorkerCommand.Offer offer, ActorSystem<?> system) {
    this.job = job;
    this.offer = offer;
    this.system = system;
  }

  /**
   * Why the offer cannot be sent to {@code worker}, or null. It carries the task's parameters (for
   * a fetch job the whole URL list) and cannot be split; Artery would drop it without a word and
   * the job would wait for workers that never heard of it, so the job fails at once instead.
   */
  String offerTooLarge(ActorRef<WorkerCommand> worker) {
    if (offerMeasured || !WireBudget.crossesWire(worker)) {
      return null;
    }
    int bytes = budget().sizeOf(offer);
    if (budget().fits(bytes)) {
      offerMeasured = true;
      return null;
    }
    return String.format(Locale.ROOT, "job %s cannot be sent to its workers: its offer (task '%s' and its parameters, "
        + "for a fetch job the URL list) is %,d bytes, more than one cluster message carries, %s; split the URL "
        + "list or shorten the parameters", job.id(), job.taskRef().name(), bytes, budget().describeLimit());
  }

  void offer(ActorRef<WorkerCommand> worker) {
    send(worker, offer);
  }

  /** To another JVM, as many Assigns as it takes to fit a frame each (a worker's prefetch can be large). */
  void assign(ActorRef<WorkerCommand> worker, WorkerCommand.Assign assign) {
    if (!WireBudget.crossesWire(worker)) {
      send(worker, assign);
      return;
    }
    budget().fit(assign).forEach(part -> send(worker, part));
  }

  void send(ActorRef<WorkerCommand> worker, WorkerCommand message) {
    messagesSent++;
    worker.tell(message);
  }

  long messagesSent() {
    return messagesSent;
  }

  private WireBudget budget() {
    if (budget == null) {
      budget = WireBudget.of(system);
    }
    return budget;
  }
}

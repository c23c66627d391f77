package io.scatter.coordinator;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.WorkerCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One {@code GET /nodes} request: asks every running job's coordinator which workers serve it and
 * what each holds, waits for all of them (a coordinator that stops first counts as answered, with
 * nothing), or {@code wait} at most, then completes the request with the {@link NodeTable} and
 * stops. A child of the actor that runs the jobs, which only hands it the refs it holds: no state
 * is shared, the coordinators answer from their own ledgers.
 */
final class NodeCensus {

  interface Command { }

  private record Answered(JobCoordinator.Leases leases) implements Command { }

  private record Gone(String jobId) implements Command { }

  private enum TimedOut implements Command { INSTANCE }

  private final List<NodeReport> members;
  private final List<ActorRef<WorkerCommand>> workers;
  private final String selfAddress;
  private final CompletableFuture<List<NodeReport>> done;
  private final Set<String> waitingFor;
  private final List<JobCoordinator.Leases> answers = new ArrayList<>();

  private NodeCensus(List<NodeReport> members, List<ActorRef<WorkerCommand>> workers, String selfAddress,
      Set<String> waitingFor, CompletableFuture<List<NodeReport>> done) {
    this.members = members;
    this.workers = workers;
    this.selfAddress = selfAddress;
    this.waitingFor = waitingFor;
    this.done = done;
  }

  /**
   * Spawns the census of one request as a child of {@code parent}.
   *
   * @param coordinators the coordinators of the jobs running, by job id
   * @param members      every member, with no workers yet
   * @param workers      every worker listed
   * @param selfAddress  the address of the node answering, which workers in this JVM belong to
   */
  static void start(ActorContext<?> parent, Map<String, ActorRef<CoordinatorCommand>> coordinators,
      List<NodeReport> members, List<ActorRef<WorkerCommand>> workers, String selfAddress, Duration wait,
      CompletableFuture<List<NodeReport>> done) {
    Map<String, ActorRef<CoordinatorCommand>> asked = Map.copyOf(coordinators);
    List<NodeReport> membersNow = List.copyOf(members);
    List<ActorRef<WorkerCommand>> workersNow = List.copyOf(workers);
    parent.spawnAnonymous(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
      NodeCensus census = new NodeCensus(membersNow, workersNow, selfAddress, new HashSet<>(asked.keySet()), done);
      if (asked.isEmpty()) {
        return census.report();
      }
      ActorRef<JobCoordinator.Leases> replies = context.messageAdapter(JobCoordinator.Leases.class, Answered::new);
      asked.forEach((jobId, coordinator) -> {
        context.watchWith(coordinator, new Gone(jobId));
        coordinator.tell(new JobCoordinator.ReportLeases(replies));
      });
      timers.startSingleTimer(TimedOut.INSTANCE, wait);
      return census.waiting();
    })));
  }

  private Behavior<Command> waiting() {
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, answered -> {
          if (waitingFor.remove(answered.leases().jobId())) {
            answers.add(answered.leases());
          }
          return waitingFor.isEmpty() ? report() : Behaviors.same();
        })
        .onMessage(Gone.class, gone -> {
          waitingFor.remove(gone.jobId());
          return waitingFor.isEmpty() ? report() : Behaviors.same();
        })
        // A coordinator too busy to answer in time: report the others rather than nothing.
        .onMessageEquals(TimedOut.INSTANCE, this::report)
        .build();
  }

  private Behavior<Command> report() {
    try {
      Map<String, List<NodeReport.Work>> work = new HashMap<>();
      for (JobCoordinator.Leases leases : answers) {
        leases.byWorker().forEach((worker, leased) -> work.computeIfAbsent(worker.path().toString(),
            path -> new ArrayList<>()).add(new NodeReport.Work(leases.jobId(), leased,
            Optional.ofNullable(leases.running().get(worker)))));
      }
      List<NodeTable.WorkerAt> listed = new ArrayList<>(workers.size());
      for (ActorRef<WorkerCommand> worker : workers) {
        listed.add(new NodeTable.WorkerAt(nodeOf(worker.path().address()), worker.path().name(),
            worker.path().toString()));
      }
      done.complete(NodeTable.assemble(members, listed, work));
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return Behaviors.stopped();
  }

  private String nodeOf(Address address) {
    return address.hasGlobalScope() ? hostPort(address) : selfAddress;
  }

  /** {@code 127.0.0.1:2551}: how members are shown. */
  static String hostPort(Address address) {
    return address.host().get() + ":" + address.port().get();
  }
}

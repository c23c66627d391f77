package io.scatter.chaos;

import io.scatter.localcluster.LocalCluster;
import io.scatter.node.util.DaemonThreads;
import io.scatter.protocol.FaultAnswer;
import io.scatter.protocol.NodeControlCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Faults for a running cluster. A node started on this machine ({@code scatter cluster up}) is
 * signalled directly, as an operator would: SIGKILL, SIGSTOP and SIGCONT by pid. Any other node
 * is sent a node-control message and does it to itself, if it allows fault injection; a node that
 * does not answers with its refusal, which the fault's report gives. A network cutoff is always a
 * message: the node blackholes its own connections.
 */
public final class ClusterNodeFaults implements NodeFaults, AutoCloseable {

  /** A signal to a process of our own cannot be refused. */
  private static final CompletionStage<Optional<String>> SIGNALLED = CompletableFuture.completedFuture(Optional.empty());

  private final Supplier<Map<String, String>> workerNodes;
  private final Supplier<Map<String, String>> busyWorkerNodes;
  private final Optional<LocalCluster> local;
  private final ControlChannel control;
  private final Set<ProcessHandle> frozen = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thaw = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.named("scatter-chaos-thaw"));

  /**
   * @param workerNodes     the reachable worker nodes now: name to {@code host:port}
   * @param busyWorkerNodes those of them holding leased partitions now (may be empty)
   * @param local           the local cluster's record, to find pids
   * @param control         sends a node-control message to the node at {@code host:port}
   */
  public ClusterNodeFaults(Supplier<Map<String, String>> workerNodes, Supplier<Map<String, String>> busyWorkerNodes,
      Optional<LocalCluster> local, ControlChannel control) {
    this.workerNodes = workerNodes;
    this.busyWorkerNodes = busyWorkerNodes;
    this.local = local;
    this.control = control;
  }

  @Override
  public List<String> workerNodes() {
    return new ArrayList<>(workerNodes.get().keySet().stream().sorted().toList());
  }

  @Override
  public List<String> randomCandidates() {
    List<String> busy = busyWorkerNodes.get().keySet().stream().sorted().toList();
    return busy.isEmpty() ? workerNodes() : busy;
  }

  @Override
  public String address(String node) {
    String address = workerNodes.get().get(node);
    if (address == null) {
      throw new IllegalArgumentException("no reachable worker node named '" + node + "'; nodes: " + workerNodes());
    }
    return address;
  }

  /**
   * A freeze this JVM signals gets its SIGCONT from {@link #close()} when the run ends first; one
   * sent as a message is timed by the node itself, and a cutoff always is.
   */
  @Override
  public boolean endsWithTheRun(FaultSpec.Kind kind, String node) {
    return kind == FaultSpec.Kind.FREEZE && localProcess(node).isPresent();
  }

  @Override
  public CompletionStage<Optional<String>> kill(String node) {
    Optional<ProcessHandle> process = localProcess(node);
    if (process.isEmpty()) {
      return send(node, replyTo -> new NodeControlCommand.Halt("fault injection: kill " + node, replyTo));
    }
    process.get().destroyForcibly();
    return SIGNALLED;
  }

  @Override
  public CompletionStage<Optional<String>> freeze(String node, Duration duration) {
    Optional<ProcessHandle> process = localProcess(node);
    if (process.isEmpty()) {
      return send(node, replyTo -> new NodeControlCommand.Freeze(duration.toMillis(), replyTo));
    }
    ProcessHandle handle = process.get();
    signal("-STOP", handle.pid());
    frozen.add(handle);
    thaw.schedule(() -> resume(handle), duration.toMillis(), TimeUnit.MILLISECONDS);
    return SIGNALLED;
  }

  @Override
  public CompletionStage<Optional<String>> cutoff(String node, Duration duration) {
    return send(node, replyTo -> new NodeControlCommand.Cutoff(duration.toMillis(), replyTo));
  }

  /**
   * A refusal is the one answer that tells: an obeyed halt or freeze often cannot answer in time,
   * so no answer counts as carried out.
   */
  private CompletionStage<Optional<String>> send(String node,
      Function<ActorRef<FaultAnswer>, NodeControlCommand> command) {
    return control.send(address(node), command).handle((answer, noAnswer) ->
        answer instanceof FaultAnswer.Refused refused ? Optional.of(refused.reason()) : Optional.empty());
  }

  /** SIGCONT, unless the frozen node died meanwhile (killed by a later fault): its pid may be another's by now. */
  private void resume(ProcessHandle handle) {
    if (frozen.remove(handle) && handle.isAlive()) {
      signal("-CONT", handle.pid());
    }
  }

  /**
   * A node of the local cluster, found by name, checked against its address and its process
   * verified by start time ({@link LocalCluster.Node#process()}), so a stale record never signals
   * a stranger; such a node gets the control message instead.
   */
  private Optional<ProcessHandle> localProcess(String node) {
    String address = address(node);
    return local.flatMap(cluster -> cluster.node(node))
        .filter(n -> n.address().toString().equals(address))
        .flatMap(LocalCluster.Node::process);
  }

  private static void signal(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot send " + signal + " to pid " + pid + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resumes every node still frozen: a job that ends early never leaves a node stopped behind it. */
  @Override
  public void close() {
    thaw.shutdownNow();
    Set.copyOf(frozen).forEach(this::resume);
  }
}

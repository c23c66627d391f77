package io.scatter.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.util.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * How a cluster member's actor system ends when its process is told to stop. On its own it leaves
 * gracefully, every phase of Pekko's coordinated shutdown: its workers drain, it leaves, it waits
 * until the others have seen it go, so the members that stay lose nothing.
 *
 * <p>{@code cluster down} stops every member at once, and then nobody stays to hand work to or to
 * tell: the leave only waits (for gossip and the leader, about 0.3 s, then the cluster's own shutdown),
 * and a member whose peers are already gone waits out Artery's flush as well. So {@code cluster down}
 * names the members it stops in the state folder's {@value #FILE} file before it signals any, and a
 * member that sees no member other than those skips to ending its actor system. A member it sees that
 * is not named (a node on another machine that joined this cluster) keeps the graceful leave for all:
 * that one stays, and is told.
 *
 * <p>The choice is made when the JVM is told to exit, by a hook that takes the place of Pekko's own
 * ({@link #onJvmExit}), or when a coordinator closes its cluster runner.
 */
public final class MemberStop {

  /** The members a {@code cluster down} is stopping together, one {@code HOST:PORT} per line. */
  public static final String FILE = "stopping";

  private MemberStop() {
  }

  /** Names {@code members} as stopped together; written whole before any of them is signalled. */
  public static void announce(Path stateDir, Collection<ClusterAddress> members) throws IOException {
    String lines = members.stream().map(ClusterAddress::toString).map(line -> line + "\n").collect(Collectors.joining());
    AtomicFile.write(stateDir.resolve(FILE), lines.getBytes(StandardCharsets.UTF_8));
  }

  /** The members named in {@code stateDir}, none when there is no such file or it cannot be read. */
  static Set<String> announced(Optional<Path> stateDir) {
    if (stateDir.isEmpty()) {
      return Set.of();
    }
    try {
      return new HashSet<>(Files.readAllLines(stateDir.get().resolve(FILE), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Set.of(); // none, or unreadable: the graceful leave, which is never wrong
    }
  }

  /** How a member ends: leaving the members that stay, or together with all of them. */
  public enum Ending {
    /** Every phase of coordinated shutdown: drain, leave, wait to be removed. */
    LEAVE,
    /** Straight to the actor system's termination: every member it sees is stopping now too. */
    TOGETHER
  }

  /** {@link Ending#TOGETHER} when every member {@code system} sees, itself included, is named in {@code stateDir}. */
  public static Ending ending(ActorSystem<?> system, Optional<Path> stateDir) {
    Set<String> stopping = announced(stateDir);
    if (stopping.isEmpty()) {
      return Ending.LEAVE;
    }
    Iterable<Member> members;
    try {
      members = Cluster.get(system).state().getMembers();
    } catch (RuntimeException e) {
      return Ending.LEAVE; // a system that ended before its cluster extension was made: nothing to skip
    }
    for (Member member : members) {
      Optional<String> host = member.address().getHost();
      Optional<Integer> port = member.address().getPort();
      if (host.isEmpty() || port.isEmpty() || !stopping.contains(new ClusterAddress(host.get(), port.get()).toString())) {
        return Ending.LEAVE;
      }
    }
    return Ending.TOGETHER;
  }

  /** Ends {@code system} for {@code reason} as {@code ending} says. */
  public static CompletionStage<Done> run(ActorSystem<?> system, Ending ending, CoordinatedShutdown.Reason reason) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    return ending == Ending.TOGETHER
        ? shutdown.run(reason, Optional.of(CoordinatedShutdown.PhaseBeforeActorSystemTerminate()))
        : shutdown.run(reason, Optional.empty());
  }

  /**
   * {@code config} with Pekko's own JVM-exit hook off: a system made with it ends through
   * {@link #onJvmExit} instead, which can skip the leave.
   */
  public static Config withoutPekkosJvmHook(Config config) {
    return config.withValue("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", ConfigValueFactory.fromAnyRef(false));
  }

  /**
   * How a member whose JVM exit {@link #onJvmExit} handles ends.
   *
   * @param ended            completes when the system has ended; or, once the JVM's exit has it stop
   *                         {@link Ending#TOGETHER}, as soon as its own actors have stopped
   * @param ownActorsStopped its guardian and every actor below it have stopped: what is left then is
   *                         Artery's flush to the other members, which stop too and never answer it (it
   *                         waited out {@code shutdown-flush-timeout} in every node of a {@code cluster down})
   * @param terminated       the whole system has ended
   */
  public record Exit(CompletionStage<Done> ended, CompletionStage<Done> ownActorsStopped,
      CompletionStage<Done> terminated) {

    /** What ends a member stopping as {@code ending} says: its own actors together, else the whole system. */
    public CompletionStage<Done> endOf(Ending ending) {
      return ending == Ending.TOGETHER ? ownActorsStopped : terminated;
    }
  }

  /**
   * When the JVM is asked to exit (SIGTERM, Ctrl-C), ends {@code system} as {@link #ending} says, in
   * place of Pekko's own hook ({@link #withoutPekkosJvmHook}). Registered with coordinated shutdown, so
   * Artery's hook waits for it before it closes the transport the leave needs. {@code chosen} hears the
   * ending before it runs, and may hold it back (a coordinator until its jobs are closed).
   */
  public static Exit onJvmExit(ActorSystem<?> system, Optional<Path> stateDir, Consumer<Ending> chosen) {
    CompletableFuture<Done> ended = new CompletableFuture<>();
    CompletionStage<Done> terminated = system.getWhenTerminated();
    terminated.thenRun(() -> ended.complete(Done.getInstance()));
    Exit exit = new Exit(ended, ownActorsStopped(system), terminated);
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    Cancellable hook = shutdown.addCancellableJvmShutdownHook(() -> {
      Ending ending = ending(system, stateDir);
      chosen.accept(ending);
      exit.endOf(ending).thenRun(() -> ended.complete(Done.getInstance()));
      runAndAwait(system, ending, CoordinatedShutdown.jvmExitReason(), ended);
    });
    // A system that ends before the JVM does (a downed incarnation, a closed runner) needs its hook no more.
    terminated.thenRun(hook::cancel);
    return exit;
  }

  /**
   * Completes when {@code system}'s guardian has stopped, and with it every actor below it. Pekko's
   * system actors (the cluster's, the transport's) outlive it: the system guardian stops after them.
   */
  static CompletionStage<Done> ownActorsStopped(ActorSystem<?> system) {
    CompletableFuture<Done> stopped = new CompletableFuture<>();
    system.getWhenTerminated().thenRun(() -> stopped.complete(Done.getInstance()));
    try {
      system.systemActorOf(Behaviors.<Void>setup(context -> {
        context.watch(system);
        return Behaviors.<Void>receive(Void.class).onSignal(Terminated.class, signal -> {
          stopped.complete(Done.getInstance());
          return Behaviors.stopped();
        }).build();
      }), "scatter-guardian-watch", Props.empty());
    } catch (IllegalStateException alreadyEnding) {
      // Ending before it could be watched (a node that gave up joining while it started, on a loaded
      // machine): its termination, above, is the end there is to wait for.
    }
    return stopped;
  }

  /**
   * {@link #run} from a JVM shutdown hook, which must not return before the system has ended (the JVM
   * halts once its hooks have), or before {@code ended} says it has as far as anyone will notice.
   * Bounded by the sum of the phases' timeouts, as Pekko's own hook is.
   */
  static void runAndAwait(ActorSystem<?> system, Ending ending, CoordinatedShutdown.Reason reason, CompletionStage<Done> ended) {
    if (system.getWhenTerminated().toCompletableFuture().isDone()) {
      return; // downed, or ended between incarnations: nothing left to stop
    }
    long limit = CoordinatedShutdown.get(Adapter.toClassic(system)).totalTimeout().toMillis();
    try {
      // Not run's own future: its last phase waits for the whole termination, the flush included.
      run(system, ending, reason);
      ended.toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      system.log().warn("the actor system did not end within {} ms: {}", limit, e.toString());
    }
  }
}

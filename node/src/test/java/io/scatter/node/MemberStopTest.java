package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MemberStopTest {

  @TempDir
  Path stateDir;
  private ActorSystem<Void> system;
  private ClusterAddress self;

  /** A cluster of one member, joined to itself: the members it sees are itself. */
  @BeforeEach
  void startMember() throws InterruptedException {
    system = ActorSystem.create(Behaviors.empty(), "member-stop-test", LoopbackMember.config());
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Eventually.await(Duration.ofSeconds(20), () -> "self Up", () -> cluster.selfMember().status() == MemberStatus.up());
    self = new ClusterAddress("127.0.0.1", cluster.selfMember().address().getPort().orElseThrow());
  }

  @AfterEach
  void stopMember() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  @Test
  void withoutAStoppingFile_aMemberLeaves() {
    assertEquals(MemberStop.Ending.LEAVE, MemberStop.ending(system, Optional.of(stateDir)));
    assertEquals(MemberStop.Ending.LEAVE, MemberStop.ending(system, Optional.empty()));
  }

  @Test
  void whenEveryMemberItSeesIsNamed_aMemberStopsTogetherWithThem() throws Exception {
    MemberStop.announce(stateDir, List.of(new ClusterAddress("127.0.0.1", 1), self));

    assertEquals(List.of("127.0.0.1:1", self.toString()), Files.readAllLines(stateDir.resolve(MemberStop.FILE)));
    assertEquals(MemberStop.Ending.TOGETHER, MemberStop.ending(system, Optional.of(stateDir)));
  }

  @Test
  void whenAMemberItSeesIsNotNamed_itLeaves() throws Exception {
    // Another member's port only: this member stays out of the stop, so it must be told.
    MemberStop.announce(stateDir, List.of(new ClusterAddress("127.0.0.1", self.port() == 1 ? 2 : 1)));

    assertEquals(MemberStop.Ending.LEAVE, MemberStop.ending(system, Optional.of(stateDir)));
  }

  @Test
  void stoppingTogether_skipsTheLeaveAndEndsTheSystem() throws Exception {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    // A task in the leave's phase that never completes: run by a leave, the stop would wait out its timeout.
    AtomicBoolean leaveRan = new AtomicBoolean();
    shutdown.addTask(CoordinatedShutdown.PhaseClusterLeave(), "test-leave-marker", () -> {
      leaveRan.set(true);
      return new CompletableFuture<>();
    });

    MemberStop.run(system, MemberStop.Ending.TOGETHER, CoordinatedShutdown.jvmExitReason())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertFalse(leaveRan.get(), "the leave's phase did not run");
    assertEquals(Optional.of(CoordinatedShutdown.jvmExitReason()), shutdown.getShutdownReason());
  }

  @Test
  void ownActorsStopped_completesWithTheGuardian_whilePekkosOwnActorsStillRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // A system actor that holds the system's end until released, as Artery's flush does after a member's actors.
    system.systemActorOf(Behaviors.<Void>receiveSignal((context, signal) -> {
      if (signal instanceof PostStop) {
        release.await(20, TimeUnit.SECONDS);
      }
      return Behaviors.same();
    }), "held-to-the-end", Props.empty());
    CompletableFuture<Done> ownActorsStopped = MemberStop.ownActorsStopped(system).toCompletableFuture();
    assertFalse(ownActorsStopped.isDone(), "the guardian runs");

    system.terminate();

    ownActorsStopped.get(10, TimeUnit.SECONDS);
    assertFalse(system.getWhenTerminated().toCompletableFuture().isDone(), "Pekko's own actors still end");
    release.countDown();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void ownActorsStopped_ofASystemAlreadyEnding_isItsEnd() throws Exception {
    system.terminate();

    CompletionStage<Done> whileEnding = MemberStop.ownActorsStopped(system);
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletionStage<Done> afterItEnded = MemberStop.ownActorsStopped(system);

    whileEnding.toCompletableFuture().get(10, TimeUnit.SECONDS);
    afterItEnded.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

package io.scatter.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.WorkerCommand;
import java.math.BigInteger;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two actor systems in one JVM talking over Artery TCP on loopback: every message really crosses a socket. */
final class ArteryRoundTripTest {

  private ActorTestKit coordinatorSide;
  private ActorTestKit workerSide;

  @BeforeEach
  void startSystems() {
    coordinatorSide = ActorTestKit.create("coordinator", WireTestConfig.remote());
    workerSide = ActorTestKit.create("worker", WireTestConfig.remote());
  }

  @AfterEach
  void stopSystems() {
    workerSide.shutdownTestKit();
    coordinatorSide.shutdownTestKit();
  }

  /** A ref to {@code ref}, an actor of {@code owner}, as {@code viewer} resolves it: remote, over Artery. */
  private static <T> ActorRef<T> seenFrom(ActorTestKit viewer, ActorTestKit owner, ActorRef<T> ref) {
    return ActorRefResolver.get(viewer.system())
        .resolveActorRef(ActorRefResolver.get(owner.system()).toSerializationFormat(ref));
  }

  @Test
  void offerPullAssignAndJobEndedCrossBetweenSystemsWithWorkingReplyRefs() {
    TestProbe<CoordinatorCommand> coordinator = coordinatorSide.createTestProbe(CoordinatorCommand.class);
    TestProbe<WorkerCommand> worker = workerSide.createTestProbe(WorkerCommand.class);
    // How the coordinator's system would learn of a worker (in the cluster, through the receptionist).
    ActorRef<WorkerCommand> remoteWorker = seenFrom(coordinatorSide, workerSide, worker.ref());

    WorkerCommand.Offer offer = SampleMessages.offer(coordinator.ref());
    remoteWorker.tell(offer);
    WorkerCommand.Offer offered = (WorkerCommand.Offer) worker.receiveMessage();
    assertEquals(offer.task(), offered.task());
    // A remote ref in the worker's system to the same actor.
    assertNotEquals(coordinator.ref(), offered.coordinator());
    assertEquals(coordinator.ref().path().toStringWithoutAddress(), offered.coordinator().path().toStringWithoutAddress());

    CoordinatorCommand.Pull pull = SampleMessages.pullWithLongs(worker.ref(), 64);
    offered.coordinator().tell(pull);
    CoordinatorCommand.Pull pulled = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(pull.outcomes(), pulled.outcomes());
    assertEquals(remoteWorker, pulled.worker());

    WorkerCommand.Assign assign = SampleMessages.assign(1024);
    pulled.worker().tell(assign);
    worker.expectMessage(assign);
    pulled.worker().tell(new WorkerCommand.JobEnded(SampleMessages.JOB_ID));
    worker.expectMessage(new WorkerCommand.JobEnded(SampleMessages.JOB_ID));
  }

  @Test
  void crossesWire_isTrueForAnActorInAnotherSystem_falseForOneInThisSystem() {
    TestProbe<CoordinatorCommand> coordinator = coordinatorSide.createTestProbe(CoordinatorCommand.class);
    assertFalse(WireBudget.crossesWire(coordinator.ref()));
    assertTrue(WireBudget.crossesWire(seenFrom(workerSide, coordinatorSide, coordinator.ref())));
  }

  @Test
  void resultTooLargeForAFrame_arrivesAsAFailureNamingTheLimit_whenTheSenderFitsIt() {
    TestProbe<CoordinatorCommand> coordinator = coordinatorSide.createTestProbe(CoordinatorCommand.class);
    TestProbe<WorkerCommand> worker = workerSide.createTestProbe(WorkerCommand.class);
    ActorRef<CoordinatorCommand> remoteCoordinator = seenFrom(workerSide, coordinatorSide, coordinator.ref());
    // Artery's default frame is 256 KiB; this result alone is 400 KB.
    PartitionOutcome.Completed huge = new PartitionOutcome.Completed(7, 1, BigInteger.ONE.shiftLeft(3_200_000), 1);
    PartitionOutcome.Completed small = new PartitionOutcome.Completed(8, 1, 42L, 1);
    WireBudget budget = WireBudget.of(workerSide.system());

    budget.fit(new CoordinatorCommand.Pull(worker.ref(), SampleMessages.JOB_ID, List.of(huge, small), 2))
        .forEach(remoteCoordinator::tell);

    CoordinatorCommand.Pull pulled = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    PartitionOutcome.Failed failed = assertInstanceOf(PartitionOutcome.Failed.class, pulled.outcomes().get(0));
    assertEquals(7, failed.index());
    assertTrue(failed.error().contains("maximum-frame-size = 262,144"), failed.error());
    assertEquals(small, pulled.outcomes().get(1));
    assertEquals(2, pulled.want());
  }

  @Test
  void resultsTooLargeTogether_arriveSplitOverSeveralPulls_everyOneIntact() {
    TestProbe<CoordinatorCommand> coordinator = coordinatorSide.createTestProbe(CoordinatorCommand.class);
    TestProbe<WorkerCommand> worker = workerSide.createTestProbe(WorkerCommand.class);
    ActorRef<CoordinatorCommand> remoteCoordinator = seenFrom(workerSide, coordinatorSide, coordinator.ref());
    // Three results of 100 KB each: any two fit a 256 KiB frame, all three do not.
    List<PartitionOutcome> outcomes = List.of(
        new PartitionOutcome.Completed(0, 1, BigInteger.ONE.shiftLeft(800_000), 1),
        new PartitionOutcome.Completed(1, 1, BigInteger.TWO.shiftLeft(800_000), 1),
        new PartitionOutcome.Completed(2, 1, BigInteger.TEN.shiftLeft(800_000), 1));
    List<CoordinatorCommand.Pull> pulls = WireBudget.of(workerSide.system())
        .fit(new CoordinatorCommand.Pull(worker.ref(), SampleMessages.JOB_ID, outcomes, 3));
    assertEquals(2, pulls.size());

    pulls.forEach(remoteCoordinator::tell);

    CoordinatorCommand.Pull first = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    CoordinatorCommand.Pull second = coordinator.expectMessageClass(CoordinatorCommand.Pull.class);
    assertEquals(outcomes, java.util.stream.Stream.concat(first.outcomes().stream(), second.outcomes().stream()).toList());
    assertEquals(0, first.want());
    assertEquals(3, second.want());
  }
}

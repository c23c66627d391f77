package io.scatter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

final class RejoinPolicyTest {

  private static final ClusterAddress NODE_1 = new ClusterAddress("127.0.0.1", 2551);
  private static final ClusterAddress NODE_2 = new ClusterAddress("127.0.0.1", 2552);
  private static final ClusterAddress NODE_3 = new ClusterAddress("127.0.0.1", 2553);
  private static final ClusterAddress COORDINATOR = new ClusterAddress("127.0.0.1", 40123);
  private static final RejoinPolicy ON = new RejoinPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
      Duration.ofSeconds(5));

  @Test
  void plan_nodeThatRanksFirst_foundsAtOnce_askingTheMembersItSawFirst() {
    RejoinPolicy.Plan plan = ON.plan(1, List.of(NODE_1), NODE_1, seen(List.of(NODE_2, COORDINATOR, NODE_3), NODE_2, NODE_3));
    assertEquals(new RejoinPolicy.Plan(List.of(NODE_1, NODE_2, COORDINATOR, NODE_3), true), plan);
  }

  @Test
  void plan_otherNode_joinsThroughTheMembersItSawThenItsConfiguredSeeds_neverItself() {
    RejoinPolicy.Plan plan = ON.plan(1, List.of(NODE_1), NODE_2, seen(List.of(NODE_3, COORDINATOR, NODE_1), NODE_3, NODE_1));
    assertEquals(new RejoinPolicy.Plan(List.of(NODE_3, COORDINATOR, NODE_1), false), plan);
  }

  @Test
  void plan_secondNode_foundsOnlyFromItsSecondAttempt_whenTheFirstStayedAway() {
    RejoinPolicy.LastSeen seen = seen(List.of(NODE_1, NODE_3), NODE_1, NODE_3);
    assertFalse(ON.plan(1, List.of(NODE_1), NODE_2, seen).founds());
    assertEquals(new RejoinPolicy.Plan(List.of(NODE_2, NODE_1, NODE_3), true), ON.plan(2, List.of(NODE_1), NODE_2, seen));
    assertFalse(ON.plan(2, List.of(NODE_1), NODE_3, seen(List.of(NODE_1, NODE_2), NODE_1, NODE_2)).founds());
  }

  /** The coordinator is a member to ask, but not a node: it never founds, so it takes no rank. */
  @Test
  void plan_aCoordinatorWithALowerAddress_doesNotStopTheFirstNodeFounding() {
    ClusterAddress lowCoordinator = new ClusterAddress("127.0.0.1", 2000);
    assertTrue(ON.plan(1, List.of(NODE_1), NODE_1, seen(List.of(lowCoordinator, NODE_2), NODE_2)).founds());
  }

  @Test
  void plan_nodeThatSawNoOneAndWasItsOwnSeed_foundsTheClusterAgain() {
    assertEquals(new RejoinPolicy.Plan(List.of(NODE_1), true), ON.plan(1, List.of(NODE_1), NODE_1, RejoinPolicy.LastSeen.NONE));
  }

  private static RejoinPolicy.LastSeen seen(List<ClusterAddress> members, ClusterAddress... nodes) {
    return new RejoinPolicy.LastSeen(members, Set.of(nodes));
  }

  @Test
  void shouldRejoin_downed_yes() {
    assertTrue(ON.shouldRejoin(Optional.of(CoordinatedShutdown.clusterDowningReason()), false));
  }

  @Test
  void shouldRejoin_askedToStopOrLeave_no() {
    assertFalse(ON.shouldRejoin(Optional.of(CoordinatedShutdown.jvmExitReason()), false), "SIGTERM");
    assertFalse(ON.shouldRejoin(Optional.of(CoordinatedShutdown.clusterLeavingReason()), false), "a graceful leave");
    assertFalse(ON.shouldRejoin(Optional.of(CoordinatedShutdown.incompatibleConfigurationDetectedReason()), false));
    assertFalse(ON.shouldRejoin(Optional.empty(), false), "terminated in-process");
    assertFalse(ON.shouldRejoin(Optional.of(CoordinatedShutdown.clusterDowningReason()), true),
        "downed while a SIGTERM is under way");
  }

  @Test
  void shouldRejoin_switchedOff_no() {
    RejoinPolicy off = new RejoinPolicy(false, Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
        Duration.ofSeconds(5));
    assertFalse(off.shouldRejoin(Optional.of(CoordinatedShutdown.clusterDowningReason()), false));
  }

  @Test
  void backoff_doublesUpToTheMaximum() {
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
        Duration.ofSeconds(5)), List.of(ON.backoff(1), ON.backoff(2), ON.backoff(3), ON.backoff(4), ON.backoff(40)));
  }

  @Test
  void from_shippedConfiguration_rejoinsByDefault() {
    RejoinPolicy shipped = RejoinPolicy.from(ScatterConfig.loadForCluster(Optional.empty()));
    assertTrue(shipped.enabled());
  }

  @Test
  void from_zeroAttempts_namesTheKey() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RejoinPolicy.from(
        ConfigFactory.parseMap(Map.of("scatter.node.rejoin-attempts", 0))
            .withFallback(ScatterConfig.loadForCluster(Optional.empty()))));
    assertTrue(refused.getMessage().contains("scatter.node.rejoin-attempts"), refused.getMessage());
  }
}

package io.scatter.node.artery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import io.scatter.node.Eventually;
import io.scatter.node.ScatterConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.tcp.ArteryTcpTransport;
import org.apache.pekko.stream.scaladsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.concurrent.Future;
import scala.concurrent.Future$;

/** The guard is in place in every cluster member (conf/cluster.conf), and again after Pekko replaces its flow. */
final class InboundFrameGuardTest {

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    // A member that joins nothing: its transport is bound and running, which is all the guard needs.
    system = ActorSystem.create("guard-test", ScatterConfig.loadForCluster(Optional.empty())
        .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("OFF")));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void aClusterMembersInboundConnections_areGuardedOnceItHasStarted() {
    assertTrue(InboundFrameGuard.INSTANCE.get(system).active(), InboundFrameGuard.INSTANCE.get(system).toString());
  }

  @Test
  void aFlowPekkoSetsAfterRestartingItsInboundStreams_isGuardedWithinTheRecheck() throws Exception {
    ArteryTcpTransport transport = (ArteryTcpTransport)
        ((RemoteActorRefProvider) ((ExtendedActorSystem) system).provider()).transport();
    VarHandle field = MethodHandles.privateLookupIn(ArteryTcpTransport.class, MethodHandles.lookup())
        .findVarHandle(ArteryTcpTransport.class, "inboundConnectionFlow", Future.class);
    // What runInboundStreams does on a restart: a new flow in the field.
    field.setVolatile(transport, Future$.MODULE$.successful(Flow.apply()));
    assertFalse(InboundFrameGuard.INSTANCE.get(system).active());

    Eventually.await(InboundFrameGuard.RECHECK.multipliedBy(5), () -> "the guard again, within the recheck ("
        + InboundFrameGuard.RECHECK + ")", () -> InboundFrameGuard.INSTANCE.get(system).active());
  }
}

package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

final class ShutdownRaceFilterTest {

  private static final String RECEPTIONIST = "org.apache.pekko.cluster.typed.internal.receptionist.ClusterReceptionist";
  private final LoggerContext context = new LoggerContext();
  private final ShutdownRaceFilter filter = new ShutdownRaceFilter();

  private FilterReply decide(String logger, Level level, String message, Throwable t) {
    Logger named = context.getLogger(logger);
    return filter.decide(null, named, level, message, null, t);
  }

  @Test
  void theReceptionistsLateStartDuringShutdown_isDropped() {
    Throwable race = new RuntimeException("pekko://scatter/system/clusterReceptionist/replicator: exception during creation",
        new IllegalArgumentException("requirement failed: Cluster node must not be terminated"));

    assertEquals(FilterReply.DENY, decide(RECEPTIONIST, Level.ERROR, "requirement failed: Cluster node must not be terminated", race));
    assertEquals(FilterReply.DENY, decide(RECEPTIONIST, Level.ERROR, "{}", race));
  }

  @Test
  void anythingElse_passes() {
    Throwable other = new IllegalStateException("replicator crashed");

    assertEquals(FilterReply.NEUTRAL, decide(RECEPTIONIST, Level.ERROR, "replicator crashed", other));
    assertEquals(FilterReply.NEUTRAL, decide("io.scatter.node.WorkerNode", Level.ERROR,
        "requirement failed: Cluster node must not be terminated", null));
    assertEquals(FilterReply.NEUTRAL, decide(RECEPTIONIST, Level.WARN, "Cluster node must not be terminated", null));
  }
}

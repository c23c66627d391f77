package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known line of Pekko's shutdown noise: a member that never joined (its seeds did not
 * answer within the join timeout) shuts its cluster down, and on a loaded machine the typed
 * receptionist may only then create its replicator, which fails with "Cluster node must not be
 * terminated" and an ERROR with a stack trace. The member is going away anyway and scatter has
 * already said why in one line; the trace would only hide that line. Anything else passes.
 */
public final class ShutdownRaceFilter extends TurboFilter {

  private static final String RECEPTIONIST = "org.apache.pekko.cluster.typed.internal.receptionist.ClusterReceptionist";
  private static final String TERMINATED = "Cluster node must not be terminated";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !logger.getName().equals(RECEPTIONIST) || level == null || !level.isGreaterOrEqual(Level.ERROR)) {
      return FilterReply.NEUTRAL;
    }
    boolean race = format != null && format.contains(TERMINATED);
    for (Throwable cause = t; cause != null && !race; cause = cause.getCause() == cause ? null : cause.getCause()) {
      race = cause.getMessage() != null && cause.getMessage().contains(TERMINATED);
    }
    return race ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}

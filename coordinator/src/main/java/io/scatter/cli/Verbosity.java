package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Quiet by default (warnings only); {@code --verbose} shows scatter's and Pekko's info logs. */
final class Verbosity {

  private static volatile boolean verbose;

  private Verbosity() {
  }

  static void enable() {
    verbose = true;
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.INFO);
    }
    if (LoggerFactory.getLogger("io.scatter") instanceof Logger scatter) {
      scatter.setLevel(Level.DEBUG);
    }
  }

  static boolean isVerbose() {
    return verbose;
  }
}

package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiet by default: warnings only, and those to a file ({@link CommandLog}); {@code --verbose}
 * shows scatter's and Pekko's info logs on stderr.
 */
final class Verbosity {

  private static volatile boolean verbose;
  /** The configured levels, put back by {@link #reset()}; null until {@link #enable()} changes them. */
  private static Level quietRoot;
  private static Level quietScatter;
  private static boolean changed;

  private Verbosity() {
  }

  static synchronized void enable() {
    verbose = true;
    Logger root = logback(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger scatter = logback("io.scatter");
    if (!changed && root != null && scatter != null) {
      quietRoot = root.getLevel();
      quietScatter = scatter.getLevel();
      changed = true;
    }
    if (root != null) {
      root.setLevel(Level.INFO);
    }
    if (scatter != null) {
      scatter.setLevel(Level.DEBUG);
    }
  }

  /** Back to quiet, for the next command run in this JVM. */
  static synchronized void reset() {
    verbose = false;
    if (changed) {
      logback(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(quietRoot);
      logback("io.scatter").setLevel(quietScatter);
      changed = false;
    }
  }

  static boolean isVerbose() {
    return verbose;
  }

  private static Logger logback(String name) {
    return LoggerFactory.getLogger(name) instanceof Logger logger ? logger : null;
  }
}

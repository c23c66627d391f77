package io.scatter.cli;

import io.scatter.localcluster.LocalCluster;
import io.scatter.node.ScatterConfig;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Work a command that only controls or asks other JVMs does right after picocli has built and parsed
 * its command line, started first on a thread of its own: logback's setup, the shipped configuration's
 * parse and, for {@code cluster}, the class set that reads {@code cluster.json}. Such a command uses one
 * core of two for its start (0.67 s of CPU in 0.53 s), so the other does these meanwhile; the command's
 * own calls then find them done, or wait for the rest (class initialization and the parse cache are
 * safe across threads). The commands that compute load Pekko's configuration too and keep both cores
 * busy from their start: they go without.
 */
final class WarmUp {

  /** The commands that only control or ask other JVMs: those deploy/scatter runs on C1 alone. */
  private static final Set<String> CONTROL = Set.of("cluster", "submit", "jobs", "nodes", "cancel", "tasks", "certs");

  private WarmUp() {
  }

  static void start(String[] args) {
    if (args.length == 0 || !CONTROL.contains(args[0])) {
      return;
    }
    boolean cluster = args[0].equals("cluster");
    Thread thread = new Thread(() -> run(cluster), "scatter-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run(boolean cluster) {
    try {
      LoggerFactory.getILoggerFactory();
      ScatterConfig.loadScatterOnly(Optional.empty(), true);
      if (cluster) {
        LocalCluster.warmUp();
      }
    } catch (RuntimeException | LinkageError e) {
      // The command does the same work itself, and says what fails in its own words.
    }
  }
}

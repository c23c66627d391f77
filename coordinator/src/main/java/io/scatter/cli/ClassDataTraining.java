package io.scatter.cli;

import io.scatter.localcluster.LocalCluster;
import io.scatter.node.fetch.CompletionPool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run the launcher ({@code deploy/scatter}) lists classes with before it dumps the
 * command line's class-data archive: the commands people run most, each on something that costs
 * nothing (a tiny job, a state folder whose one node is long gone, an API nobody serves), so that
 * every command starts from the archive and not only the first one a user happened to run. Before,
 * the archive held the first command's classes and a tiny job's: after a {@code run}, a
 * {@code cluster status} still loaded about 490 classes from the jar (Jackson's, the local cluster's),
 * 0.97-1.03 s against 0.88-0.95 s with them archived.
 *
 * <p>Not a command of its own: the launcher starts it by class name, with the JVM option that lists
 * what it loads. Its output goes nowhere; a command that fails here (nothing listens, say) has
 * still loaded the classes its path needs.
 */
public final class ClassDataTraining {

  private ClassDataTraining() {
  }

  public static void main(String[] args) throws IOException {
    CompletionPool.install();
    Path state = Files.createTempDirectory("scatter-training-");
    try {
      // A node that is not running (no process has this pid): status and down read and report it, and
      // down removes the record and the folder, which it is told it made.
      new LocalCluster("training", List.of(new LocalCluster.Node("node-1", Long.MAX_VALUE, 0L, "127.0.0.1", 1, 1,
          state.resolve("node-1.log").toString())), true).write(state);
      String folder = state.toString();
      String nowhere = "http://127.0.0.1:1";
      List<String[]> commands = List.of(
          new String[] {"run", "--mode", "actors", "--workers", "1", "--task", "spin", "--param", "ns=0",
              "--range", "0..10", "--partitions", "10", "--no-progress"},
          new String[] {"cluster", "status", "--state-dir", folder},
          new String[] {"cluster", "down", "--state-dir", folder},
          new String[] {"jobs", "--to", nowhere},
          new String[] {"submit", "--to", nowhere, "--task", "spin", "--range", "0..10"},
          new String[] {"--help"});
      PrintWriter none = new PrintWriter(OutputStream.nullOutputStream(), true);
      for (String[] command : commands) {
        Scatter.execute(none, none, command);
      }
    } finally {
      // Only if down did not (it failed): the record, then the folder.
      Files.deleteIfExists(state.resolve("cluster.json"));
      Files.deleteIfExists(state);
    }
    System.exit(0);
  }
}

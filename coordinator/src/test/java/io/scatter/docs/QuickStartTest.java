package io.scatter.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scatter.time.Ticker;
import io.scatter.localcluster.LocalCluster;
import io.scatter.localcluster.LocalClusterTimes;
import io.scatter.localcluster.NodeLauncher;
import io.scatter.localcluster.NodeStopper;
import io.scatter.testing.ChildJvm;
import io.scatter.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's first cluster, run as a reader would: each {@code $ deploy/scatter ...} line of its
 * console block in a JVM of its own, in a fresh folder (so the cluster's state is that folder's
 * {@code .scatter/cluster}), and each must exit 0 and print the lines the README shows, numbers,
 * paths and plurals aside, with the very answers it shows. While the cluster is up, docs/job-api.md's
 * Python client gets a job's answer from its coordinator. {@code scatter demo} is left out: at about
 * 15 s on 2 cores it would add half again to the test's time and runs nothing the commands here do not.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on child JVMs only; its own folder and ports
final class QuickStartTest {

  private static final String SCATTER = "deploy/scatter";
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);
  private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}-])\\d[\\d,.]*");
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<=^|[\\s(])/[^\\s)]+");
  private static final int SHAPE_WORDS = 5;
  private static final Pattern API = Pattern.compile("serves the job API on (http://\\S+)");

  /** One {@code $} line of the README and the output shown under it. */
  record Command(List<String> args, List<String> shown) {
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard; the commands take well under a minute
  void readmeFirstCluster_runsAsWritten_andPrintsWhatTheReadmeShows(@TempDir Path dir) throws Exception {
    List<Command> commands = firstCluster();
    assertEquals(List.of("cluster", "up"), commands.get(0).args().subList(0, 2), "the quick start begins with cluster up");
    assertEquals(List.of("cluster", "down"), commands.get(commands.size() - 1).args().subList(0, 2),
        "the quick start ends with cluster down, so it leaves nothing running");
    assertTrue(commands.stream().anyMatch(command -> command.args().contains("--chaos")), "a node is killed mid-job");

    // Port 0: the README's coordinator takes 8080, which another test or program may hold. The
    // cluster's JVMs get the options the suite gives every JVM it starts (pom.xml, the class-data archive).
    List<String> jvmOptions = List.of("-Dscatter.cluster.coordinator-port=0",
        "-Dscatter.cluster.jvm-options=" + String.join(" ", NodeLauncher.configuredJvmOptions(Optional.empty())));
    Path state = dir.resolve(".scatter/cluster");
    List<ProcessHandle> started = new ArrayList<>();
    try {
      for (Command command : commands) {
        String output;
        int exit;
        long start = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(dir, jvmOptions, command.args().toArray(String[]::new))) {
          exit = child.waitFor(COMMAND_LIMIT);
          output = child.output();
        }
        System.out.printf("%.1f s: %s%n", (System.nanoTime() - start) / 1e9, String.join(" ", command.args()));
        LocalCluster.read(state).ifPresent(cluster -> remember(cluster, started));
        String what = "$ " + SCATTER + " " + String.join(" ", command.args()) + "\n" + output;
        assertEquals(0, exit, what);
        assertShows(command.shown(), output, what);
        if (command.args().subList(0, 2).equals(List.of("cluster", "up"))) {
          assertPythonClientGetsTheAnswer(dir, output);
        }
      }
      assertTrue(Files.notExists(state), "cluster down removed the state it made");
    } finally {
      if (Files.exists(state)) {
        NodeStopper.down(state, LocalClusterTimes.from(TestConfig.load()), Ticker.system());
      }
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * docs/job-api.md's Python client, run against the coordinator the quick start's {@code cluster up}
   * started, while it is up: a client shown in the docs must work as shown. Skipped without python3.
   */
  private static void assertPythonClientGetsTheAnswer(Path dir, String upOutput) throws Exception {
    Optional<Path> python = onPath("python3");
    if (python.isEmpty()) {
      System.out.println("no python3 on the PATH: the Python client of docs/job-api.md is not run");
      return;
    }
    Matcher api = API.matcher(upOutput);
    assertTrue(api.find(), "cluster up names the job API's URL:\n" + upOutput);
    String client = codeBlock(Repo.root().resolve("docs/job-api.md"), "python");
    assertTrue(client.lines().count() <= 15, "the Python client fits in 15 lines:\n" + client);
    Path script = Files.writeString(dir.resolve("scatter_client.py"), client);
    Path output = dir.resolve("scatter_client.out");
    Process process = new ProcessBuilder(python.get().toString(), script.toString(), api.group(1))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the Python client still runs after " + COMMAND_LIMIT + ":\n" + Files.readString(output));
    }
    String printed = Files.readString(output).strip();
    assertEquals(0, process.exitValue(), printed);
    assertTrue(printed.matches("\\S+ SUCCEEDED 1270607"), "the client prints the job's id, state and answer: " + printed);
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String codeBlock(Path file, String language) {
    for (Node node = MarkdownCheck.parse(file).getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof FencedCodeBlock block && language.equals(block.getInfo().strip())) {
        return block.getLiteral();
      }
    }
    throw new AssertionError(file + " has no " + language + " block");
  }

  /** Every line shown has a line of the same shape in {@code output}; each answer is the same. */
  private static void assertShows(List<String> shown, String output, String what) {
    List<String> actual = new ArrayList<>(output.lines().map(String::strip).toList());
    for (String line : shown) {
      String expected = line.strip();
      // The quiet log's summary counts what the JVM logged, which a kill's timing changes.
      if (expected.equals("...") || expected.isEmpty() || expected.matches("scatter: \\d+ warnings? .*")) {
        continue;
      }
      boolean answer = expected.startsWith("answer:");
      int match = -1;
      for (int i = 0; i < actual.size() && match < 0; i++) {
        if (answer ? actual.get(i).equals(expected) : shape(actual.get(i)).equals(shape(expected))) {
          match = i;
        }
      }
      assertTrue(match >= 0, "the README shows \"" + expected + "\"" + (answer ? "" : " (shape: " + shape(expected) + ")")
          + ", which this run did not print:\n" + what);
      actual.remove(match);
    }
  }

  /** A line's first words with numbers, absolute paths and plural s masked: what stays the same from run to run. */
  static String shape(String line) {
    String masked = NUMBER.matcher(ABSOLUTE_PATH.matcher(line.strip()).replaceAll("PATH")).replaceAll("#");
    return Arrays.stream(masked.split("\\s+")).limit(SHAPE_WORDS)
        .map(word -> word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word)
        .collect(Collectors.joining(" "));
  }

  /** The README's console block that starts a cluster, cut into its commands and their output. */
  private static List<Command> firstCluster() {
    Node readme = MarkdownCheck.parse(Repo.root().resolve("README.md"));
    for (Node node = readme.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof FencedCodeBlock block && "console".equals(block.getInfo().strip())
          && block.getLiteral().contains("$ " + SCATTER + " cluster up")) {
        return commands(block.getLiteral());
      }
    }
    throw new AssertionError("README.md has no console block with '$ " + SCATTER + " cluster up'");
  }

  private static List<Command> commands(String block) {
    List<Command> commands = new ArrayList<>();
    for (String line : block.lines().toList()) {
      if (line.startsWith("$ ")) {
        List<String> words = List.of(line.substring(2).strip().split("\\s+"));
        assertEquals(SCATTER, words.get(0), "every command of the quick start is scatter's: " + line);
        assertTrue(words.stream().noneMatch(word -> word.matches(".*['\"\\\\|<>&;$].*")),
            "a quick-start command is plain words, which this test splits at spaces: " + line);
        commands.add(new Command(words.subList(1, words.size()), new ArrayList<>()));
      } else {
        assertTrue(!commands.isEmpty(), "output before the first command: " + line);
        commands.get(commands.size() - 1).shown().add(line);
      }
    }
    return commands;
  }

  private static void remember(LocalCluster cluster, List<ProcessHandle> started) {
    cluster.nodes().forEach(node -> node.process().filter(process -> !started.contains(process)).ifPresent(started::add));
    cluster.coordinatorRecord().flatMap(LocalCluster.Coordinator::process)
        .filter(process -> !started.contains(process)).ifPresent(started::add);
  }
}

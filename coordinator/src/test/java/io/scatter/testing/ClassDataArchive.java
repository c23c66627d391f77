package io.scatter.testing;

import com.typesafe.config.ConfigFactory;
import io.scatter.localcluster.ClassDataCache;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Every child JVM the suite starts (nodes, coordinators, commands: a few hundred) maps one
 * class-data archive (AppCDS) of the suite's jars, Pekko's and Scala's above all, instead of
 * loading and verifying their classes again. A node then reaches Up on half the CPU, and the
 * suite's CPU, not its waits, is what bounds its wall time on two cores.
 *
 * <p>Once per test JVM, before the first test: the class path is put in the order the archive
 * needs (its jars first, the module's class folders after them: a JVM may not archive classes
 * that come after a folder), and {@code scatter.cluster.jvm-options}, which every child JVM gets,
 * names the archive. The archive is made once per JDK and jar set, under a file lock that the
 * suite's forks share, from the classes a node and a cluster job's coordinator load. Anything that
 * fails here leaves the suite as it would be without it, slower, and says so on stderr.
 * {@code -Dscatter-tests.class-data-archive=false} turns it off.
 */
public final class ClassDataArchive implements LauncherSessionListener {

  private static final String SWITCH = "scatter-tests.class-data-archive";
  private static final String JVM_OPTIONS = "scatter.cluster.jvm-options";
  private static final Path DIR = Path.of("target", "class-data").toAbsolutePath();
  private static final Duration STEP_LIMIT = Duration.ofSeconds(60);

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    // Surefire also opens a session in Maven's own JVM to list the test classes for its forks;
    // children started from there would find no scatter on its class path.
    if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))
        || ClassLoader.getSystemClassLoader().getResource("io/scatter/cli/Scatter.class") == null) {
      return;
    }
    List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> jars = entries.stream().filter(ClassDataArchive::isJar).toList();
    List<String> rest = entries.stream().filter(entry -> !isJar(entry)).toList();
    try {
      Path archive = DIR.resolve(Runtime.version().feature() + "-" + fingerprint(jars) + ".jsa");
      ensure(archive, jars);
      System.setProperty("java.class.path", String.join(File.pathSeparator, concat(jars, rest)));
      System.setProperty(JVM_OPTIONS, (System.getProperty(JVM_OPTIONS, "") + " -XX:SharedArchiveFile=" + archive + " "
          + String.join(" ", ClassDataCache.MAP_IN_PLACE)).strip());
      // Config caches the system properties it has read; the next load must see the new options.
      ConfigFactory.invalidateCaches();
    } catch (IOException | RuntimeException | AssertionError e) {
      System.err.println("scatter tests: no class-data archive for child JVMs (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes {@code archive} unless it exists; one fork makes it while the others wait for it. */
  private static void ensure(Path archive, List<String> jars) throws IOException, InterruptedException {
    Files.createDirectories(DIR);
    try (FileChannel lockFile = FileChannel.open(DIR.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.exists(archive)) {
        return;
      }
      Path work = Files.createTempDirectory(DIR, "make-");
      try {
        Path classes = work.resolve("classes.lst");
        Files.write(classes, loadedClasses(work, jars));
        Path made = work.resolve("archive.jsa");
        run(work, List.of(java(), "-Xshare:dump", "-XX:SharedClassListFile=" + classes,
            "-XX:SharedArchiveFile=" + made, "-cp", String.join(File.pathSeparator, jars)));
        Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        TestDirs.deleteTree(work);
      }
    }
  }

  /**
   * The classes that a node and a coordinator running a cluster job on it load, as the JVM lists
   * them; lambda proxies left out, as JDK 17's dump fails on some of Scala's.
   */
  private static List<String> loadedClasses(Path work, List<String> jars) throws IOException, InterruptedException {
    String cluster = "scatter-class-data-" + ProcessHandle.current().pid();
    Path nodeList = work.resolve("node.lst");
    Path runList = work.resolve("run.lst");
    try (NodeJvm node = NodeJvm.start(work, cluster, "class-data-node", List.of("-XX:DumpLoadedClassList=" + nodeList),
        STEP_LIMIT)) {
      try (ChildJvm run = ChildJvm.start(work, List.of("-XX:DumpLoadedClassList=" + runList), "run", "-m", "cluster",
          "--seed", node.hostPort(), "--cluster-name", cluster, "-t", "primes", "-r", "0..100000", "-p", "8")) {
        int exit = run.waitFor(STEP_LIMIT);
        if (exit != 0) {
          throw new IllegalStateException("the job to list classes exited " + exit + ": " + run.output());
        }
      }
    }
    Set<String> classes = new LinkedHashSet<>();
    for (Path list : List.of(nodeList, runList)) {
      try (Stream<String> lines = Files.lines(list, StandardCharsets.UTF_8)) {
        lines.filter(line -> !line.isBlank() && !line.startsWith("@") && !line.startsWith("#"))
            .map(line -> line.split(" ", 2)[0])
            .forEach(classes::add);
      }
    }
    return new ArrayList<>(classes);
  }

  private static void run(Path work, List<String> command) throws IOException, InterruptedException {
    Path output = work.resolve("dump.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the archive dump took over " + STEP_LIMIT.toSeconds() + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the archive dump exited " + process.exitValue() + ": " + tail(output));
    }
  }

  private static String tail(Path output) {
    try {
      List<String> lines = Files.readAllLines(output);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Names the jars as the JVM checks them when it maps an archive (path, size, time): a rebuilt
   * module jar gets a new archive instead of one the JVM would refuse without a word.
   */
  private static String fingerprint(List<String> jars) throws IOException {
    List<String> identity = new ArrayList<>();
    for (String jar : jars) {
      Path path = Path.of(jar);
      identity.add(jar + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis());
    }
    return Integer.toHexString(identity.hashCode());
  }

  private static boolean isJar(String entry) {
    return entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}

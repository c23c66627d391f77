package io.scatter.localcluster;

import io.scatter.node.ClusterSettings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The class-data archive (AppCDS) that {@code cluster up}'s JVMs map instead of loading and
 * verifying Pekko's, Scala's and scatter's classes again: a node starts on about a third less CPU,
 * and on two cores CPU is what bounds {@code up}.
 *
 * <p>One folder per jar set and JDK under {@code scatter.cluster.class-data-dir}, which
 * {@code cluster down} never touches. No archive yet: the first node and the coordinator list the
 * classes they load ({@code -XX:DumpLoadedClassList}; JDK 17's {@code -XX:ArchiveClassesAtExit}
 * aborted on a node), and once {@code up} has returned a detached JVM dumps the archive from those
 * lists into a file of its own and renames it into place, so two {@code up}s at once never see half
 * of one. An archive that does not fit (another JDK, a rebuilt jar, a corrupt file) is ignored by
 * the JVM under {@code -Xshare:auto}: a start never fails for it. Anything that goes wrong here
 * leaves the JVMs as they would be without it.
 */
public final class ClassDataCache {

  static final String ARCHIVE = "classes.jsa";
  static final String DUMP_LOG = "dump.log";
  /** Left by a dump that failed: the next {@code up}s do not list classes again for an archive this JDK will not make. */
  static final String DUMP_FAILED = "dump.failed";
  private static final String LIST_PREFIX = "classes-";
  private static final String LIST_SUFFIX = ".lst";
  private static final String JAR_COPY = "scatter.jar";
  /** The folders {@link #plan} makes: the JDK's feature release, then the jars' fingerprint. */
  private static final Pattern FOLDER_NAME = Pattern.compile("[0-9]+-[0-9a-f]+");
  /**
   * Maps an archive where it was made to be mapped, relocating it only when that place is taken. JDK 17
   * (17.0.15 here) and 25 map it at a random address by default ({@code ArchiveRelocationMode=1}),
   * which rewrites every pointer in it at every start: 0.2 s of CPU for a node's 99 MB archive (a
   * JVM's start to its main class 0.38 s against 0.17 s here), 0.1 s for the command line's 54 MB.
   * What the default buys is a random address for the archive's class data; here it sits at the same
   * address in every JVM.
   */
  public static final List<String> MAP_IN_PLACE = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
  private static final String DISABLING_OPTIONS = "-XX:SharedArchiveFile=.*|-Xshare:.*|-XX:SharedClassListFile=.*|-XX:DumpLoadedClassList=.*";

  private ClassDataCache() {
  }

  /**
   * How a local cluster's JVMs are started: their class path and the options that map the archive
   * (or list classes for it).
   *
   * @param classpath the class path for the JVMs
   * @param folder    the archive's folder; empty when no archive is used
   * @param jars      the class path's leading jars: what the archive holds classes of
   */
  public record Plan(String classpath, Optional<Path> folder, List<String> jars) {

    public Plan {
      jars = List.copyOf(jars);
    }

    /** The JVMs run as they did before archives: nothing mapped, nothing listed. */
    static Plan without(String classpath) {
      return new Plan(classpath, Optional.empty(), List.of());
    }

    Optional<Path> archive() {
      return folder.map(dir -> dir.resolve(ARCHIVE)).filter(Files::isRegularFile);
    }

    /**
     * The options for one JVM: the archive when there is one; without, a class list for it from
     * {@code lister}s (the first node, the coordinator: the others would list the same classes).
     */
    List<String> options(boolean lister) {
      Optional<Path> archive = archive();
      if (archive.isPresent()) {
        List<String> options = new ArrayList<>(List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive.get()));
        options.addAll(MAP_IN_PLACE);
        return options;
      }
      if (!lister || folder.isEmpty() || Files.exists(folder.get().resolve(DUMP_FAILED))) {
        return List.of();
      }
      Path list = folder.get().resolve(LIST_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime()
          + LIST_SUFFIX);
      return List.of("-XX:DumpLoadedClassList=" + list);
    }

    /**
     * Once the JVMs that listed their classes are up, starts a detached JVM that dumps the archive
     * from their lists (each line is written as its class loads, so the lists are whole for start-up
     * already); the command returns without waiting for it. Does nothing when the archive exists.
     */
    public void dumpInBackground() {
      if (folder.isEmpty() || archive().isPresent() || Files.exists(folder.get().resolve(DUMP_FAILED))) {
        return;
      }
      Path dir = folder.get();
      try {
        List<Path> lists = lists(dir);
        if (lists.isEmpty()) {
          return;
        }
        String id = ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path merged = dir.resolve("merged-" + id + ".txt");
        Files.write(merged, classes(lists), StandardCharsets.UTF_8);
        Path made = dir.resolve("making-" + id + ".jsa");
        String dump = String.join(" ", List.of(quote(NodeLauncher.javaExecutable()), "-Xshare:dump",
            quote("-XX:SharedClassListFile=" + merged), quote("-XX:SharedArchiveFile=" + made),
            "-cp", quote(String.join(File.pathSeparator, jars))));
        // mv within one folder is a rename: an up beside it sees the whole archive or none.
        String script = dump + " && mv -f " + quote(made.toString()) + " " + quote(dir.resolve(ARCHIVE).toString())
            + " && rm -f " + lists.stream().map(path -> quote(path.toString())).reduce((a, b) -> a + " " + b).orElse("")
            + " || touch " + quote(dir.resolve(DUMP_FAILED).toString())
            + "; rm -f " + quote(merged.toString()) + " " + quote(made.toString());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(NodeLauncher.SETSID)) {
          command.add(NodeLauncher.SETSID.toString());
        }
        command.addAll(List.of("/bin/sh", "-c", script));
        NodeLauncher.startLogging("the class-data dump", new ProcessBuilder(command), dir.resolve(DUMP_LOG));
      } catch (IOException | RuntimeException e) {
        // Without an archive the cluster is only slower; the next up tries again.
      }
    }
  }

  /**
   * The plan for a local cluster's JVMs given their {@code jvmOptions}. {@code fallbackClasspath}
   * makes the class path when there is no archive folder to keep a jar copy in.
   */
  static Plan plan(ClusterSettings settings, List<String> jvmOptions, String classpath,
      Supplier<String> fallbackClasspath) {
    if (!settings.classDataArchive() || jvmOptions.stream().anyMatch(option -> option.matches(DISABLING_OPTIONS))) {
      return Plan.without(fallbackClasspath.get());
    }
    try {
      List<String> entries = List.of(classpath.split(File.pathSeparator));
      List<String> jars = new ArrayList<>();
      for (String entry : entries) {
        if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
          break; // a JVM archives no class that comes after a folder on the class path
        }
        jars.add(entry);
      }
      if (jars.isEmpty()) {
        return Plan.without(fallbackClasspath.get());
      }
      Path dir = root(settings).resolve(Runtime.version().feature() + "-" + fingerprint(jars));
      Files.createDirectories(dir);
      markUsed(dir);
      removeUnused(dir.getParent(), dir, settings.classDataUnusedFor());
      if (entries.size() == 1) {
        // The one jar runs from a copy here, not from where a rebuild would replace it under a running
        // JVM; and the archive names the jar by path, which the state folder's copy would change per cluster.
        String copy = copy(Path.of(jars.get(0)), dir.resolve(JAR_COPY)).toString();
        return new Plan(copy, Optional.of(dir), List.of(copy));
      }
      return new Plan(classpath, Optional.of(dir), jars);
    } catch (IOException | RuntimeException e) {
      return Plan.without(fallbackClasspath.get());
    }
  }

  /** A folder's time says when an {@code up} last used it: what {@link #removeUnused} goes by. */
  private static void markUsed(Path dir) throws IOException {
    Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
  }

  /**
   * Removes the folders of other jars and JDKs under {@code root} that no {@code up} has used for
   * {@code unusedFor}: each holds an archive and a jar copy (about 170 MB), and a machine that rebuilds
   * the jar makes a new one every build. Only folders named as {@link #plan} names them: the launcher's
   * {@code cli-*} folders are its own to prune, and anything else there is not scatter's.
   */
  static void removeUnused(Path root, Path inUse, Duration unusedFor) {
    Instant before = Instant.now().minus(unusedFor);
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root,
        entry -> FOLDER_NAME.matcher(entry.getFileName().toString()).matches() && !entry.equals(inUse))) {
      for (Path folder : folders) {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(folder).toInstant().isBefore(before)) {
          StateDir.deleteTree(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Kept another week, then: a cache that is not pruned costs disk, never a start.
    }
  }

  /** {@code class-data-dir}, or the user's cache folder. */
  static Path root(ClusterSettings settings) {
    if (!settings.classDataDir().isEmpty()) {
      return Path.of(settings.classDataDir()).toAbsolutePath();
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
    return base.resolve("scatter").resolve("class-data");
  }

  /** Copies {@code jar} to {@code copy} with its time, through a file of its own and a rename, unless it is there. */
  private static Path copy(Path jar, Path copy) throws IOException {
    if (Files.isRegularFile(copy) && Files.size(copy) == Files.size(jar)
        && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
      return copy;
    }
    Path temporary = Files.createTempFile(copy.getParent(), "copy-", ".jar");
    try {
      Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return copy;
  }

  /**
   * Names the JDK and the jars as the JVM checks them when it maps an archive (path, size, time): a
   * rebuilt jar or another JDK gets a folder of its own instead of an archive the JVM would refuse.
   */
  private static String fingerprint(List<String> jars) throws IOException {
    List<String> identity = new ArrayList<>();
    identity.add(System.getProperty("java.home") + ":" + Runtime.version());
    for (String jar : jars) {
      Path path = Path.of(jar);
      identity.add(jar + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis());
    }
    return Integer.toHexString(identity.hashCode());
  }

  private static List<Path> lists(Path dir) throws IOException {
    List<Path> lists = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, LIST_PREFIX + "*" + LIST_SUFFIX)) {
      stream.forEach(lists::add);
    }
    return lists;
  }

  /** The classes of every list, once each; lambda proxies left out, as JDK 17's dump fails on some of Scala's. */
  private static List<String> classes(List<Path> lists) throws IOException {
    Set<String> classes = new LinkedHashSet<>();
    for (Path list : lists) {
      try (Stream<String> lines = Files.lines(list, StandardCharsets.UTF_8)) {
        lines.filter(line -> !line.isBlank() && !line.startsWith("@") && !line.startsWith("#"))
            .map(line -> line.split(" ", 2)[0])
            .forEach(classes::add);
      }
    }
    return new ArrayList<>(classes);
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}

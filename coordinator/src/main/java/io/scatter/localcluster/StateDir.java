package io.scatter.localcluster;

import io.scatter.node.ClusterTls;
import io.scatter.node.MemberStop;
import io.scatter.node.util.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local cluster's state folder, and which of its files are scatter's: {@code cluster.json},
 * the {@code scatter.jar} copy, the coordinator's log, and per node its log and its status file, with
 * the temporary files those two JSON files are written through ({@link AtomicFile}); with {@code cluster up --tls}, the TLS files of its CA, trust store, coordinator and
 * nodes (a key store and its password each: {@code node-N.p12}, {@code node-N.password}). Scatter removes only those, and the folder only when it made it and
 * nothing else is left: the folder may be one the user chose and keeps other things in.
 */
final class StateDir {

  static final String JAR_COPY = "scatter.jar";
  /** The output of the coordinator JVM {@code cluster up} starts. */
  static final String COORDINATOR_LOG = "coordinator.log";
  /** The coordinator's job journal (an embedded H2 database): what a restored coordinator resumes from. */
  static final String JOURNAL = "journal";
  /** The token {@code cluster up}'s coordinator takes uploads with (mode 600): only its owner may ship code. */
  static final String UPLOAD_TOKEN = "upload-token";
  /** node-N.log, node-N.status.json, and node-N12345.tmp (the temporary status file of scatter before AtomicFile). */
  private static final Pattern NODE_FILE = Pattern.compile("node-\\d+(\\.log|\\.status\\.json|\\d*\\.tmp)");
  /** The temporary files AtomicFile writes cluster.json, node-N.status.json and the stopping file through. */
  private static final Pattern TEMP_FILE = AtomicFile.tempPattern(Pattern.quote(LocalCluster.STATE_FILE)
      + "|node-\\d+\\.status\\.json|" + Pattern.quote(MemberStop.FILE));
  /** Any temporary file of scatter's, of this version or an earlier one. */
  private static final Pattern ANY_TEMP_FILE = Pattern.compile(TEMP_FILE.pattern() + "|node-\\d+\\d*\\.tmp");
  /** The TLS files `cluster up --tls` makes (tls/ClusterCertificates): a key store and its password for each. */
  private static final Pattern TLS_FILE = Pattern.compile("(ca|truststore|coordinator|node-\\d+)("
      + Pattern.quote(ClusterTls.STORE_SUFFIX) + "|" + Pattern.quote(ClusterTls.PASSWORD_SUFFIX) + ")");

  private StateDir() {
  }

  static boolean isScattersFile(String fileName) {
    return fileName.equals(LocalCluster.STATE_FILE) || fileName.equals(JAR_COPY)
        || fileName.equals(COORDINATOR_LOG) || fileName.equals(UPLOAD_TOKEN) || fileName.equals(MemberStop.FILE)
        || NODE_FILE.matcher(fileName).matches()
        || TLS_FILE.matcher(fileName).matches() || TEMP_FILE.matcher(fileName).matches();
  }

  /**
   * A file scatter writes, or the coordinator's journal folder: kept by {@code cluster down}, so the
   * next {@code cluster up} in the same folder lists the jobs that ended and resumes those that had not.
   */
  private static boolean isScattersEntry(Path entry) {
    String name = entry.getFileName().toString();
    return Files.isRegularFile(entry) ? isScattersFile(name) : Files.isDirectory(entry) && name.equals(JOURNAL);
  }

  /** A file of the state folder that could not be written or removed, as one line: the file and the system's reason. */
  static IllegalStateException cannot(String what, Path file, IOException e) {
    return new IllegalStateException("cannot " + what + " " + file + ": " + AtomicFile.reason(e), e);
  }

  /** The entries of {@code dir} that scatter did not write, sorted by name (none if the folder does not exist). */
  static List<String> foreignEntries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(entry -> !isScattersEntry(entry))
          .map(entry -> entry.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read state folder " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Makes the state folder ready for a new cluster: refuses one holding anything scatter did not
   * write, creates it if missing.
   *
   * @return whether scatter owns the folder: created it now, or a previous cluster there recorded it did
   */
  static boolean prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("state folder " + dir + " is a file, not a folder; choose another with --state-dir");
    }
    List<String> foreign = foreignEntries(dir);
    if (!foreign.isEmpty()) {
      throw new IllegalArgumentException("state folder " + dir + " holds " + dir.resolve(foreign.get(0))
          + (foreign.size() > 1 ? " (and " + (foreign.size() - 1) + " more)" : "")
          + ", which scatter did not write; give an empty or new folder with --state-dir");
    }
    if (Files.isDirectory(dir)) {
      deleteStaleTemps(dir);
      // Left by a `cluster down` that died before its end: it must not name the new cluster's members.
      deleteQuietly(dir.resolve(MemberStop.FILE));
      return previousOwnership(dir);
    }
    try {
      Files.createDirectories(dir);
      return true;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create state folder " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Temporary files a process of the last cluster left when it died mid-write: no process of it
   * runs now (prepare is for a new cluster), so none is still being written.
   */
  private static void deleteStaleTemps(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(entry -> Files.isRegularFile(entry) && ANY_TEMP_FILE.matcher(entry.getFileName().toString()).matches())
          .forEach(StateDir::deleteQuietly);
    } catch (IOException e) {
      // They are scatter's and harmless; `cluster down` removes them too.
    }
  }

  private static boolean previousOwnership(Path dir) {
    try {
      return LocalCluster.read(dir).map(LocalCluster::createdStateDir).orElse(false);
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  /**
   * Deletes scatter's files from {@code dir}, then the folder itself if scatter made it and it is now empty.
   *
   * @return what was left and why, if the folder scatter made stays
   */
  static Optional<String> clean(Path dir, boolean created) {
    return clean(dir, created, false);
  }

  /** As {@link #clean(Path, boolean)}, leaving the coordinator's journal folder if {@code keepJournal}. */
  static Optional<String> clean(Path dir, boolean created, boolean keepJournal) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(entry -> Files.isRegularFile(entry) && isScattersFile(entry.getFileName().toString()))
          .forEach(StateDir::deleteQuietly);
    } catch (IOException e) {
      // Leftover files of scatter's do no harm: the next `cluster up` overwrites them.
    }
    Path journal = dir.resolve(JOURNAL);
    if (Files.isDirectory(journal)) {
      if (keepJournal) {
        return Optional.of("kept the job journal in " + journal + ": 'cluster up' here lists its jobs again and "
            + "resumes those that had not ended");
      }
      deleteTree(journal);
    }
    if (!created) {
      return Optional.empty();
    }
    List<String> foreign = foreignEntries(dir);
    if (!foreign.isEmpty()) {
      return Optional.of("left " + dir + " in place: it holds " + String.join(", ", foreign) + ", which scatter did not write");
    }
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      // Something appeared meanwhile (a node's last status write); it is scatter's, and harmless.
    } catch (IOException e) {
      // An empty folder left behind does no harm either.
    }
    return Optional.empty();
  }

  /**
   * A folder and everything in it, as far as it can: the journal's (H2's file, its lock and trace files),
   * or a class-data folder no {@code up} uses any more ({@link ClassDataCache}). What cannot be removed stays.
   */
  static void deleteTree(Path folder) {
    try (Stream<Path> entries = Files.walk(folder)) {
      entries.sorted(java.util.Comparator.reverseOrder()).forEach(StateDir::deleteQuietly);
    } catch (IOException e) {
      // What is left is scatter's: the next up reads it again (a journal) or removes it (a class-data folder).
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // As above: harmless.
    }
  }
}

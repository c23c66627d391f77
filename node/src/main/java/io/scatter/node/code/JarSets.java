package io.scatter.node.code;

import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of each set of uploaded jars, each set in its own {@link JarSetLoader}, made on first
 * use and kept while used: two jobs of the same jars share one loader (and so one copy of their
 * classes), two versions of a jar are two sets that never see each other's classes. A set unused
 * for {@code idle} is dropped from here (its loader goes once no running job holds its classes;
 * it is not closed, since a job still running may load more of them). Every jar is checked against
 * its digest when its set is made, whoever stored it.
 */
public final class JarSets implements TaskRegistry.CodeSource {

  /** Where this JVM has each jar, by digest; throws {@link IllegalArgumentException} saying why not. */
  @FunctionalInterface
  public interface JarFiles {
    Path file(String digest);
  }

  private final JarFiles files;
  private final Duration idle;
  private final Ticker ticker;
  private final ClassLoader parent;
  /** Guarded by this; by jar list, in order of last use. */
  private final Map<List<String>, Entry> sets = new LinkedHashMap<>(16, 0.75f, true);

  public JarSets(JarFiles files, Duration idle, Ticker ticker, ClassLoader parent) {
    this.files = files;
    this.idle = idle;
    this.ticker = ticker;
    this.parent = parent;
  }

  /** Built-in tasks plus those of scatter's own loader's classpath, the parent of every set. */
  public static JarSets over(JarFiles files, CodeSettings settings) {
    return new JarSets(files, settings.jarSetIdle(), Ticker.system(), JarSets.class.getClassLoader());
  }

  /**
   * @throws IllegalArgumentException one line naming the jar and why it cannot be used: missing, not
   *     matching its digest, or declaring tasks that cannot be loaded
   */
  @Override
  public synchronized TaskRegistry tasksOf(List<String> jars) {
    long now = ticker.read();
    dropIdle(now);
    Entry entry = sets.get(jars);
    if (entry == null) {
      entry = new Entry(load(jars));
      sets.put(List.copyOf(jars), entry);
    }
    entry.lastUsed = now;
    return entry.tasks;
  }

  /** How many sets are kept now: for tests and the log. */
  public synchronized int size() {
    dropIdle(ticker.read());
    return sets.size();
  }

  private void dropIdle(long now) {
    // Oldest use first (access order): stop at the first one used recently enough.
    for (Iterator<Entry> it = sets.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastUsed < idle.toNanos()) {
        break;
      }
      it.remove();
    }
  }

  private TaskRegistry load(List<String> jars) {
    Map<String, Path> checked = new LinkedHashMap<>();
    for (String digest : jars) {
      Path file = files.file(digest);
      String actual;
      try {
        actual = JarDigest.of(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("jar " + digest + " cannot be read: " + e.getMessage(), e);
      }
      if (!actual.equals(digest)) {
        throw new IllegalArgumentException("jar " + digest + " is refused: its bytes hash to " + actual
            + ", not to its name (the file was changed or damaged)");
      }
      checked.put(digest, file);
    }
    JarSetLoader loader = new JarSetLoader(checked, parent);
    try {
      return TaskRegistry.load(loader);
    } catch (RuntimeException | LinkageError e) {
      closeQuietly(loader);
      throw new IllegalArgumentException("jar " + String.join(", ", jars) + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(JarSetLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Nothing was loaded from it that anyone holds.
    }
  }

  private static final class Entry {
    final TaskRegistry tasks;
    long lastUsed;

    Entry(TaskRegistry tasks) {
      this.tasks = tasks;
    }
  }
}

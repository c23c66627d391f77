package io.scatter.node.code;

import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks of each set of uploaded jars, each set in its own {@link JarSetLoader}, made on first
 * use and kept while used: two jobs of the same jars share one loader (and so one copy of their
 * classes), two versions of a jar are two sets that never see each other's classes. Every jar is
 * checked against its digest when its set is made, whoever stored it.
 *
 * <p>A set unused for {@code idle} is dropped, and a later job of the same jars loads it afresh.
 * Who uses a set says so: a node's workers {@linkplain #acquire hold} it while they serve a job of
 * it and {@linkplain #release release} it when the job ends, so a set nobody holds for {@code idle}
 * has its loader closed (its jar files too) as it is dropped. A set only {@linkplain #tasksOf looked
 * up} (a coordinator's, whose jobs do not say when they end) is dropped unclosed: a job still
 * running may load more of its classes, and the loader goes once no such job holds them.
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
  /** Guarded by this; by jar list. */
  private final Map<List<String>, Entry> sets = new HashMap<>();

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
   * The set's tasks, without holding it: it is dropped {@code idle} after its last use, unclosed.
   *
   * @throws IllegalArgumentException one line naming the jar and why it cannot be used: missing, not
   *     matching its digest, or declaring tasks that cannot be loaded
   */
  @Override
  public synchronized TaskRegistry tasksOf(List<String> jars) {
    return use(jars).tasks;
  }

  /**
   * The set's tasks, held until {@link #release}d once for each acquire: a held set is never dropped.
   *
   * @throws IllegalArgumentException as {@link #tasksOf}
   */
  public synchronized TaskRegistry acquire(List<String> jars) {
    Entry entry = use(jars);
    entry.holders++;
    return entry.tasks;
  }

  /** One holder of the set is done with it: its idle time starts when the last one is. */
  public synchronized void release(List<String> jars) {
    Entry entry = sets.get(jars);
    if (entry != null && entry.holders > 0) {
      entry.holders--;
      entry.lastUsed = ticker.read();
      entry.closeOnDrop = true;
    }
  }

  /** Drops the sets idle for {@code idle}, closing those whose holders all released them. @return how many */
  public synchronized int sweep() {
    return dropIdle(ticker.read());
  }

  /** How many sets are kept now: for tests and the log. */
  public synchronized int size() {
    dropIdle(ticker.read());
    return sets.size();
  }

  /** The loader of a set kept now: for tests, which watch it closed. */
  synchronized Optional<JarSetLoader> loader(List<String> jars) {
    dropIdle(ticker.read());
    return Optional.ofNullable(sets.get(jars)).map(entry -> entry.loader);
  }

  private Entry use(List<String> jars) {
    long now = ticker.read();
    dropIdle(now);
    Entry entry = sets.get(jars);
    if (entry == null) {
      entry = load(jars);
      sets.put(List.copyOf(jars), entry);
    }
    entry.lastUsed = now;
    return entry;
  }

  private int dropIdle(long now) {
    int dropped = 0;
    for (Iterator<Entry> it = sets.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.holders == 0 && now - entry.lastUsed >= idle.toNanos()) {
        it.remove();
        dropped++;
        if (entry.closeOnDrop) {
          closeQuietly(entry.loader);
        }
      }
    }
    return dropped;
  }

  private Entry load(List<String> jars) {
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
      return new Entry(TaskRegistry.load(loader), loader);
    } catch (RuntimeException | LinkageError e) {
      closeQuietly(loader);
      throw new IllegalArgumentException("jar " + String.join(", ", jars) + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(JarSetLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Nobody loads from it any more: a jar file left open is closed when the loader is collected.
    }
  }

  private static final class Entry {
    final TaskRegistry tasks;
    final JarSetLoader loader;
    long lastUsed;
    int holders;
    /** Every user of the set said when it was done: once none holds it, nothing loads from it any more. */
    boolean closeOnDrop;

    Entry(TaskRegistry tasks, JarSetLoader loader) {
      this.tasks = tasks;
      this.loader = loader;
    }
  }
}

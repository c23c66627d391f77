package io.scatter.task;

import io.scatter.protocol.TaskRef;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The tasks visible to one class loader: built-ins plus any jar on the classpath that declares more;
 * and, given a {@link CodeSource}, the tasks of uploaded jars, which a {@link TaskRef} naming their
 * digests is bound to instead.
 */
public final class TaskRegistry {

  /** The tasks of a set of uploaded jars, each set in its own class loader; where this JVM gets them is its own affair. */
  @FunctionalInterface
  public interface CodeSource {

    /**
     * @param jars digests, as in {@link TaskRef#jars()}
     * @throws IllegalArgumentException one line naming the jar that cannot be had or loaded, and why
     */
    TaskRegistry tasksOf(List<String> jars);
  }

  /** How deep a load error's causes are told: a cycle of causes must not loop. */
  private static final int MAX_CAUSES = 8;

  /** A JVM that was given no way to load uploaded code says so. */
  private static final CodeSource NO_CODE = jars -> {
    throw new IllegalArgumentException("this JVM runs no uploaded code (jar " + jars.get(0) + "): only tasks on its"
        + " classpath");
  };

  private final Map<String, RangeTask<?>> byName;
  private final CodeSource code;

  private TaskRegistry(Map<String, RangeTask<?>> byName, CodeSource code) {
    this.byName = Collections.unmodifiableMap(byName);
    this.code = code;
  }

  /** These tasks, and those of uploaded jars found through {@code code}. */
  public TaskRegistry withCode(CodeSource code) {
    return new TaskRegistry(byName, code);
  }

  /** Whether this registry binds tasks of uploaded jars: it was given a {@link CodeSource}. */
  public boolean runsUploadedCode() {
    return code != NO_CODE;
  }

  /** The registry a {@link TaskRef} with {@code jars} is bound in: this one for none, else the jar set's. */
  public TaskRegistry forJars(List<String> jars) {
    return jars.isEmpty() ? this : code.tasksOf(jars);
  }

  /** Tasks declared to the context class loader (the application classpath). */
  public static TaskRegistry load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  @SuppressWarnings("rawtypes")
  public static TaskRegistry load(ClassLoader loader) {
    Map<String, RangeTask<?>> byName = new TreeMap<>();
    try {
      for (RangeTask task : ServiceLoader.load(RangeTask.class, loader)) {
        RangeTask<?> previous = byName.putIfAbsent(task.name(), task);
        if (previous != null && previous.getClass() != task.getClass()) {
          throw new IllegalStateException("two tasks are named '" + task.name() + "': "
              + previous.getClass().getName() + " and " + task.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a declared task could not be loaded: " + causes(e), e);
    }
    return new TaskRegistry(byName, NO_CODE);
  }

  /**
   * The error and what caused it, each once: a provider's static initializer that threw is told by
   * the ServiceLoader only as "could not be instantiated", its reason two causes down.
   */
  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null || !text.toString().contains(message)) {
        text.append(": ").append(cause.getClass().getSimpleName());
        if (message != null) {
          text.append(": ").append(message);
        }
      }
    }
    return text.toString();
  }

  public RangeTask<?> get(String name) {
    RangeTask<?> task = byName.get(name);
    if (task == null) {
      throw new IllegalArgumentException("unknown task '" + name + "'; available: " + String.join(", ", byName.keySet()));
    }
    return task;
  }

  /** Finds the task and validates its parameters: what every JVM does with a {@link TaskRef}. */
  public BoundTask bind(TaskRef ref) {
    if (ref.shipsCode()) {
      return forJars(ref.jars()).bind(new TaskRef(ref.name(), ref.params()));
    }
    RangeTask<?> task = get(ref.name());
    return new BoundTask(task, TaskParams.validate(task.name(), task.params(), ref.params()));
  }

  public Collection<RangeTask<?>> all() {
    return byName.values();
  }
}

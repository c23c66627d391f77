package io.scatter.task;

import io.scatter.protocol.TaskRef;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The tasks visible to one class loader: built-ins plus any jar on the classpath that declares more. */
public final class TaskRegistry {

  private final Map<String, RangeTask<?>> byName;

  private TaskRegistry(Map<String, RangeTask<?>> byName) {
    this.byName = Collections.unmodifiableMap(byName);
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
      throw new IllegalStateException("a task on the classpath could not be loaded: " + e.getMessage(), e);
    }
    return new TaskRegistry(byName);
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
    RangeTask<?> task = get(ref.name());
    return new BoundTask(task, TaskParams.validate(task.name(), task.params(), ref.params()));
  }

  public Collection<RangeTask<?>> all() {
    return byName.values();
  }
}

package io.scatter.task;

import io.scatter.protocol.LongRange;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A task with its validated parameters, seen through {@code Object}: executors handle partial
 * results of any task without knowing their type. The unchecked casts live here and nowhere else.
 */
public final class BoundTask {

  private final RangeTask<Object> task;
  private final TaskParams params;

  @SuppressWarnings("unchecked")
  public BoundTask(RangeTask<?> task, TaskParams params) {
    this.task = (RangeTask<Object>) task;
    this.params = params;
  }

  public String name() {
    return task.name();
  }

  public TaskParams params() {
    return params;
  }

  public RangeTask<?> task() {
    return task;
  }

  public Object identity() {
    return task.identity();
  }

  public Object compute(LongRange range) {
    return task.compute(params, range.from(), range.to());
  }

  /** See {@link RangeTask#overlaps}. */
  public boolean overlaps() {
    return task.overlaps(params);
  }

  /** See {@link RangeTask#sliceable}. */
  public boolean sliceable() {
    return task.sliceable(params);
  }

  public CompletionStage<Object> computeAsync(LongRange range) {
    return task.computeAsync(params, range.from(), range.to());
  }

  public Object combine(Object left, Object right) {
    return task.combine(left, right);
  }

  /** See {@link RangeTask#combine(Object, Object, Executor)}. */
  public Object combine(Object left, Object right, Executor spare) {
    return task.combine(left, right, spare);
  }

  public String render(Object result) {
    return task.render(result);
  }

  @Override
  public String toString() {
    return params.asStrings().isEmpty() ? task.name() : task.name() + " " + params;
  }
}

package io.scatter.task.builtin;

import io.scatter.protocol.LongRange;
import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.time.Ticker;
import java.util.List;

/**
 * Calibrated busy work: holds the CPU for {@code ns} nanoseconds per element and counts the
 * elements. With {@code ns=0} it does no work at all, which measures pure scheduling overhead.
 */
public final class SpinTask implements RangeTask<Long> {

  static final String NANOS = "ns";

  private final Ticker ticker;

  /** The task as the registry loads it: spinning on the JVM's clock. */
  public SpinTask() {
    this(Ticker.system());
  }

  /** @param ticker the clock each element's {@code ns} is spun on */
  SpinTask(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return "spin";
  }

  @Override
  public String description() {
    return "busy-spin ns nanoseconds per element and count the elements (ns=0 measures scheduling overhead)";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.optional(NANOS, ParamSpec.Type.LONG, "1000", "nanoseconds of busy work per element, >= 0"));
  }

  @Override
  public void validate(TaskParams params, LongRange range) {
    if (params.getLong(NANOS) < 0) {
      throw new IllegalArgumentException("parameter 'ns' of task 'spin' must be >= 0, got " + params.getLong(NANOS));
    }
  }

  @Override
  public Long identity() {
    return 0L;
  }

  @Override
  public Long compute(TaskParams params, long from, long to) {
    long nanos = params.getLong(NANOS);
    if (nanos > 0) {
      long deadline = ticker.read();
      for (long n = from; n < to; n++) {
        deadline += nanos;
        while (ticker.read() - deadline < 0) {
          Thread.onSpinWait();
        }
      }
    }
    return to - from;
  }

  @Override
  public Long combine(Long left, Long right) {
    return left + right;
  }

  @Override
  public String render(Long result) {
    return Long.toUnsignedString(result);
  }
}

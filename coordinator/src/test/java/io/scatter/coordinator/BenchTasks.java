package io.scatter.coordinator;

import io.scatter.protocol.LongRange;
import io.scatter.task.ParamSpec;
import io.scatter.task.RangeTask;
import io.scatter.task.TaskParams;
import io.scatter.task.builtin.PrimesTask;
import io.scatter.task.builtin.SpinTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Built-in tasks seen differently, for {@link SliceBenchmark}: the same work in slices and with
 * slicing turned off (each partition one compute call, as before slices existed), both through the
 * same delegating class so the JIT sees one call path and only the slicing differs (a task called
 * directly and one called through a delegate compile differently, by up to 10 % here); and primes
 * that note when their last slice ended, so a cancel can be timed to the moment the CPU work stopped.
 */
public final class BenchTasks {

  private BenchTasks() {
  }

  /** Forwards everything to {@code inner} except the name and, when {@code whole}, slicing. */
  private abstract static class Delegating implements RangeTask<Long> {
    final RangeTask<Long> inner;
    private final String name;
    private final boolean whole;

    Delegating(RangeTask<Long> inner, String name, boolean whole) {
      this.inner = inner;
      this.name = name;
      this.whole = whole;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "benchmark: " + inner.name() + (whole ? ", each partition whole" : ", in slices");
    }

    @Override
    public List<ParamSpec> params() {
      return inner.params();
    }

    @Override
    public void validate(TaskParams params, LongRange range) {
      inner.validate(params, range);
    }

    @Override
    public boolean sliceable(TaskParams params) {
      return !whole;
    }

    @Override
    public Long identity() {
      return inner.identity();
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      return inner.compute(params, from, to);
    }

    @Override
    public Long combine(Long left, Long right) {
      return inner.combine(left, right);
    }
  }

  public static final class WholePrimes extends Delegating {
    public WholePrimes() {
      super(new PrimesTask(), "bench-primes-whole", true);
    }
  }

  public static final class SlicedPrimes extends Delegating {
    public SlicedPrimes() {
      super(new PrimesTask(), "bench-primes-sliced", false);
    }
  }

  public static final class SlicedSpin extends Delegating {
    public SlicedSpin() {
      super(new SpinTask(), "bench-spin-sliced", false);
    }
  }

  public static final class WholeSpin extends Delegating {
    public WholeSpin() {
      super(new SpinTask(), "bench-spin-whole", true);
    }
  }

  /** Primes in slices; {@link #LAST_SLICE_END} holds the {@link System#nanoTime} at which the latest slice ended. */
  public static final class ProbedPrimes extends Delegating {
    static final AtomicLong LAST_SLICE_END = new AtomicLong();

    public ProbedPrimes() {
      super(new PrimesTask(), "bench-primes-probed", false);
    }

    @Override
    public Long compute(TaskParams params, long from, long to) {
      Long count = inner.compute(params, from, to);
      LAST_SLICE_END.accumulateAndGet(System.nanoTime(), Math::max);
      return count;
    }
  }
}

package io.scatter.protocol;

/** How a job's range is cut: into a number of partitions, or into partitions of a size. */
public sealed interface Split {

  RangePlan plan(LongRange range);

  record IntoCount(long partitions) implements Split {
    @Override
    public RangePlan plan(LongRange range) {
      return RangePlan.byCount(range, partitions);
    }

    @Override
    public String toString() {
      return partitions + " partitions";
    }
  }

  record BySize(long elements) implements Split {
    @Override
    public RangePlan plan(LongRange range) {
      return RangePlan.bySize(range, elements);
    }

    @Override
    public String toString() {
      return "partitions of " + elements + " elements";
    }
  }
}

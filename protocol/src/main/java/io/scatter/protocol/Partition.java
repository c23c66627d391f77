package io.scatter.protocol;

/**
 * An immutable unit of work. {@code attempt} starts at 1 and grows each time the partition is
 * dispatched again (retry after a failure, lease expiry, lost worker, speculative copy).
 */
public record Partition(String jobId, long index, int attempt, LongRange range) {

  public Partition nextAttempt() {
    return new Partition(jobId, index, attempt + 1, range);
  }

  @Override
  public String toString() {
    return "partition " + index + " " + range + " attempt " + attempt;
  }
}

package io.scatter.coordinator;

/** A job that could not finish; the message is the one line the user sees. */
public final class JobFailedException extends RuntimeException {

  private final JobStats stats;

  public JobFailedException(String message, JobStats stats) {
    super(message);
    this.stats = stats;
  }

  public JobStats stats() {
    return stats;
  }
}

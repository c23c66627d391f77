package io.scatter.coordinator;

/** Runs jobs in one execution mode; closing it releases what it holds (actor systems, cluster membership). */
public interface JobRunner extends AutoCloseable {

  ExecutionMode mode();

  /** @throws JobFailedException when a partition fails past its attempt limit or no worker is left */
  RunResult run(Job job, ProgressListener progress);

  @Override
  default void close() {
  }
}

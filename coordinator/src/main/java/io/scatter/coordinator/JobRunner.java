package io.scatter.coordinator;

/** Runs a job in one execution mode. */
public interface JobRunner {

  ExecutionMode mode();

  /** @throws JobFailedException when a partition fails past its attempt limit or no worker is left */
  RunResult run(Job job, ProgressListener progress);
}

package io.scatter.coordinator;

/**
 * Runs jobs in one execution mode, blocking until each ends; closing it releases what it holds
 * (actor systems, cluster membership). The commands run jobs through the job service over the same
 * runners as {@link JobBackend}s ({@code TimedRun}); this form is what the runners' own tests call.
 */
public interface JobRunner extends AutoCloseable {

  ExecutionMode mode();

  /** @throws JobFailedException when a partition fails past its attempt limit or no worker is left */
  RunResult run(Job job, ProgressListener progress);

  @Override
  default void close() {
  }
}

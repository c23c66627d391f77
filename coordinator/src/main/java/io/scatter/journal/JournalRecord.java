package io.scatter.journal;

import io.scatter.coordinator.AcceptedResult;
import java.util.List;

/**
 * Everything scatter writes to a journal: the events of a job and of the registry of jobs, and the
 * snapshots of both. One marker, bound to {@link JournalSerializer} in the journal's configuration,
 * so nothing of scatter's reaches the database in a format it did not choose.
 */
public sealed interface JournalRecord permits JournalRecord.JobEvent, JournalRecord.RegistryEvent, JournaledJob,
    JobRegistry {

  /** What happened to one job, in the order it happened; {@link JournaledJob#updated} applies each. */
  sealed interface JobEvent extends JournalRecord { }

  /**
   * The job was accepted: the request as the client sent it, and its plan as this coordinator
   * prepared it (task, range, partitions), so a resume that would plan differently is refused.
   */
  record JobSubmitted(String requestJson, String plan, long submittedMillis) implements JobEvent { }

  /** Results accepted since the last write, each the first for its partition. */
  record ResultsAccepted(List<AcceptedResult> results) implements JobEvent {
    public ResultsAccepted {
      results = List.copyOf(results);
    }
  }

  /** The job ended; {@code viewJson} is how it ended (state, answer or error, stats) as clients see it. */
  record JobEnded(String viewJson) implements JobEvent { }

  /** What happened to the registry of jobs. */
  sealed interface RegistryEvent extends JournalRecord { }

  /** A job was given the {@code number}th id, {@code id}: numbers only grow, so no id is ever reused. */
  record JobRegistered(long number, String id) implements RegistryEvent { }

  /** An ended job is no longer kept (the service's keep-finished): it is not recovered again. */
  record JobForgotten(String id) implements RegistryEvent { }
}

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
   * What a job was accepted as: the request as the client sent it, and its plan as this coordinator
   * prepared it (task, range, partitions), so a resume that would plan differently is refused. Part of
   * the job's {@link JobRegistered}: the one write a client waits for gives the job its id and keeps it.
   */
  record JobSubmitted(String requestJson, String plan, long submittedMillis) { }

  /** Results accepted since the last write, each the first for its partition. */
  record ResultsAccepted(List<AcceptedResult> results) implements JobEvent {
    public ResultsAccepted {
      results = List.copyOf(results);
    }
  }

  /** The job ended; {@code viewJson} is how it ended (state, answer or error, stats) as clients see it. */
  record JobEnded(String viewJson) implements JobEvent { }

  /**
   * What happened to the registry of jobs in one write: the jobs accepted meanwhile, in order, the
   * small ones that ended meanwhile, and the ended ones no longer kept (the service's keep-finished),
   * which are not recovered again. One event (one row) however many jobs it carries: the registry is
   * every job's first write, and a job that ends before its own entity wrote anything ends here too,
   * so a service's many small jobs share commits instead of each writing its end alone.
   */
  record RegistryEvent(List<JobRegistered> registered, List<JobEndedEarly> ended, List<String> forgotten)
      implements JournalRecord {
    public RegistryEvent {
      registered = List.copyOf(registered);
      ended = List.copyOf(ended);
      forgotten = List.copyOf(forgotten);
    }
  }

  /** Job {@code id} ended as {@code viewJson} (as {@link JobEnded}) before its own entity wrote anything. */
  record JobEndedEarly(String id, String viewJson) { }

  /**
   * A job was accepted as {@code submitted} and given the {@code number}th id, {@code id}: numbers only
   * grow, so no id is ever reused.
   */
  record JobRegistered(long number, String id, JobSubmitted submitted) { }
}

package io.scatter.journal;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobEnded;
import io.scatter.journal.JournalRecord.JobEvent;
import io.scatter.journal.JournalRecord.ResultsAccepted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a journal knows of one job as it runs (what it was submitted as is the registry's, {@link
 * JobRegistry}): an immutable value, changed only by {@link #updated}, which recovery applies to the
 * replayed events exactly as the live journal applied them when written.
 * Results are a chain of the batches as they arrived (adding one shares the rest), and an ended job
 * keeps only how it ended: its results are no longer needed, and its snapshot is small.
 */
public final class JournaledJob implements JournalRecord {

  static final JournaledJob EMPTY = new JournaledJob(null, 0, null);

  private final Batch results;
  private final long resultCount;
  private final String endedView;

  /** The newest batch first; each points to the one before it. */
  record Batch(List<AcceptedResult> results, Batch older) { }

  JournaledJob(Batch results, long resultCount, String endedView) {
    this.results = results;
    this.resultCount = resultCount;
    this.endedView = endedView;
  }

  public JournaledJob updated(JobEvent event) {
    if (event instanceof ResultsAccepted accepted) {
      if (endedView != null || accepted.results().isEmpty()) {
        return this; // an ended job's results are not needed any more
      }
      return new JournaledJob(new Batch(accepted.results(), results), resultCount + accepted.results().size(), null);
    }
    return new JournaledJob(null, 0, ((JobEnded) event).viewJson());
  }

  /** This job, ended as {@code viewJson}: what applying that {@link JobEnded} gives. */
  JournaledJob ended(String viewJson) {
    return updated(new JobEnded(viewJson));
  }

  public Optional<String> endedView() {
    return Optional.ofNullable(endedView);
  }

  public boolean isEnded() {
    return endedView != null;
  }

  public long resultCount() {
    return resultCount;
  }

  /** Every result kept, in the order they were accepted. */
  public List<AcceptedResult> results() {
    List<List<AcceptedResult>> batches = new ArrayList<>();
    for (Batch batch = results; batch != null; batch = batch.older()) {
      batches.add(batch.results());
    }
    Collections.reverse(batches);
    List<AcceptedResult> all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, resultCount));
    batches.forEach(all::addAll);
    return all;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JournaledJob job && Objects.equals(endedView, job.endedView)
        && results().equals(job.results());
  }

  @Override
  public int hashCode() {
    return Objects.hash(endedView, resultCount);
  }

  @Override
  public String toString() {
    return "JournaledJob[" + resultCount
        + " result(s)" + (endedView == null ? "" : ", ended") + "]";
  }
}

package io.scatter.service;

import java.util.concurrent.CompletionStage;

/** One submitted job, as its submitter holds it: its id, how far it is, its end, and a way to cancel it. */
public interface JobHandle {

  String id();

  /** The job as it is now. */
  JobView view();

  /**
   * Completes (never exceptionally) with the job's final view: succeeded, failed or cancelled. It
   * completes on an actor thread: chain slow work with the *Async forms.
   */
  CompletionStage<JobView> done();

  /** Same as {@link JobService#cancel} for this job. */
  void cancel();
}

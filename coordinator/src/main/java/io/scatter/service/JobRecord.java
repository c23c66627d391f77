package io.scatter.service;

import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.ProgressListener;
import io.scatter.time.Ticker;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the service knows of one job: fixed facts, how far it is (from the job's progress), and
 * once it ended its final view. Progress comes from the coordinator's thread and the end from the
 * backend's, while clients read from theirs; the view is rebuilt from these on each read.
 */
final class JobRecord implements JobHandle {

  private final String id;
  private final String task;
  private final String mode;
  private final double weight;
  private final long partitions;
  /** The job itself, dropped at its end: its parameters (a fetch job's URL list) are not kept with its result. */
  private volatile Job job;
  private final Instant submitted;
  private final Ticker ticker;
  private final Consumer<String> canceller;
  private final AtomicLong partitionsDone = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final CompletableFuture<JobView> done = new CompletableFuture<>();
  /** Set once, when the job ended; null while it runs. */
  private volatile JobView ended;

  /** @param mode where the backend runs it, as {@code run --mode} names it */
  JobRecord(Job job, String mode, Ticker ticker, Consumer<String> canceller) {
    this(job, mode, ticker, canceller, ticker.instant());
  }

  /** @param submitted when it was submitted: now, or for a resumed job when its first run was */
  JobRecord(Job job, String mode, Ticker ticker, Consumer<String> canceller, Instant submitted) {
    this.id = job.id();
    this.task = job.taskRef().name();
    this.mode = mode;
    this.weight = job.weight();
    this.partitions = job.partitionCount();
    this.job = job;
    this.ticker = ticker;
    this.submitted = submitted;
    this.canceller = canceller;
  }

  /** A job that ended before this service started, as a journal kept it. */
  private JobRecord(JobView ended, Ticker ticker) {
    this.id = ended.id();
    this.task = ended.task();
    this.mode = ended.mode();
    this.weight = ended.weight();
    this.partitions = ended.partitions();
    this.job = null;
    this.ticker = ticker;
    this.submitted = ended.submitted();
    this.canceller = ignored -> { };
    this.ended = ended;
    this.done.complete(ended);
  }

  static JobRecord ended(JobView view, Ticker ticker) {
    return new JobRecord(view, ticker);
  }

  /** Records progress, then tells {@code also} (a progress bar, say). */
  ProgressListener progress(ProgressListener also) {
    return new ProgressListener() {
      @Override
      public void onProgress(long doneNow, long total) {
        partitionsDone.accumulateAndGet(doneNow, Math::max);
        also.onProgress(doneNow, total);
      }

      @Override
      public void onRetries(long retriesNow) {
        retries.accumulateAndGet(retriesNow, Math::max);
        also.onRetries(retriesNow);
      }

      @Override
      public void onDuplicates(long duplicatesNow) {
        duplicates.accumulateAndGet(duplicatesNow, Math::max);
        also.onDuplicates(duplicatesNow);
      }

      @Override
      public void onAccepted(List<AcceptedResult> results) {
        also.onAccepted(results);
      }
    };
  }

  /** The job to start; only before it ended. */
  Job job() {
    return job;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public JobView view() {
    JobView view = ended;
    return view != null ? view : view(JobStatus.RUNNING, partitionsDone.get(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  boolean isEnded() {
    return ended != null;
  }

  @Override
  public CompletionStage<JobView> done() {
    // A copy: a client completing or cancelling it must not reach the service's own.
    return done.copy();
  }

  @Override
  public void cancel() {
    canceller.accept(id());
  }

  /** The final view of the job this outcome ended; the first end wins, later ones are ignored. */
  synchronized JobView end(JobOutcome outcome) {
    if (ended != null) {
      return ended;
    }
    Instant endedAt = ticker.instant();
    JobView view;
    if (outcome instanceof JobOutcome.Succeeded succeeded) {
      view = view(JobStatus.SUCCEEDED, partitions, Optional.of(endedAt),
          Optional.of(job.task().render(succeeded.value())), Optional.empty(), Optional.of(outcome.stats()));
    } else if (outcome instanceof JobOutcome.Cancelled cancelled) {
      view = view(JobStatus.CANCELLED, cancelled.partitionsDone(), Optional.of(endedAt), Optional.empty(),
          Optional.of("cancelled; " + cancelled.partitionsDone() + " of " + partitions
              + " partitions had finished"), Optional.of(outcome.stats()));
    } else {
      JobOutcome.Failed failed = (JobOutcome.Failed) outcome;
      view = failedView(failed.error(), Optional.of(failed.stats()));
    }
    ended = view;
    job = null;
    return view;
  }

  /** The final view of a job that could not be run or whose backend failed under it. */
  synchronized JobView endWithError(String error) {
    if (ended == null) {
      ended = failedView(error, Optional.empty());
      job = null;
    }
    return ended;
  }

  /** Completes {@link #done()}; after the service has filed the job as ended, so a get from it sees the end. */
  void completeDone() {
    done.complete(ended);
  }

  private JobView failedView(String error, Optional<JobStats> stats) {
    return view(JobStatus.FAILED, partitionsDone.get(), Optional.of(ticker.instant()), Optional.empty(),
        Optional.of(error), stats);
  }

  private JobView view(JobStatus state, long partitions, Optional<Instant> endedAt, Optional<String> answer,
      Optional<String> error, Optional<JobStats> stats) {
    // Once ended, the stats' own count: the coordinator reports retries only as it dispatches again.
    long retried = stats.map(JobStats::retries).orElse(retries.get());
    long dropped = stats.map(JobStats::duplicates).orElse(duplicates.get());
    return new JobView(id, task, mode, state, weight, partitions, this.partitions, retried, submitted, endedAt, answer,
        error, stats, dropped);
  }
}

package io.scatter.service;

import com.typesafe.config.Config;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobBackend;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.NodeReport;
import io.scatter.coordinator.ProgressListener;
import io.scatter.journal.JobJournal;
import io.scatter.journal.JournalRecord;
import io.scatter.journal.JournaledJob;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link JobService} over a backend that runs many jobs at once ({@link JobBackend}): the
 * in-process actors pool or a cluster, and for {@code run} and {@code compare} also the modes
 * without actors. A submit prepares the job, tells the backend to start it and returns (the actor
 * modes hold no thread per job); the job's end arrives on the backend's thread, which files
 * it among the finished (the last {@code scatter.service.keep-finished}) and then completes its
 * handle's {@link JobHandle#done()} (so work chained on that should use the *Async forms). Every
 * method may be called from any thread.
 *
 * <p>A job's {@link JobView#stats()} are its own (messages, partitions, retries, as its
 * coordinator counted them; wire bytes as this JVM's serializer charged them to its messages),
 * however many jobs ran beside it.
 */
public final class RunnerJobService implements JobService {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerJobService.class);

  /** A look at the nodes waits this many times the census's own limit: room for its answer to travel back. */
  private static final int ANSWER_ROOM = 2;

  private final JobBackend backend;
  private final JobRequests requests;
  private final ServiceSettings settings;
  private final Optional<UrlListLimit> oneMessage;
  private final Ticker ticker;
  private final JobIds ids = new JobIds();
  /** Where jobs submitted as requests are kept across restarts; empty for a one-shot run. */
  private final Optional<JobJournal> journal;
  /** Every job known, in submission order; guarded by this. The ended ones are also in {@link #finished}. */
  private final LinkedHashMap<String, JobRecord> jobs = new LinkedHashMap<>();
  /**
   * Jobs running while their registration is written: nobody may hear of them before it is durable
   * (a crash meanwhile loses them), so they are not listed, looked up or cancelled by id until then.
   */
  private final java.util.Set<String> unwritten = new java.util.HashSet<>();
  /** Ended jobs, oldest end first; guarded by this. */
  private final ArrayDeque<JobRecord> finished = new ArrayDeque<>();
  /** Jobs started (submitted or resumed), counted as they start; what {@link #counts()} reports. */
  private final LongAdder started = new LongAdder();
  /** Jobs ended, by final state, counted as they are filed. */
  private final Map<JobStatus, LongAdder> endedCounts = new EnumMap<>(Map.of(JobStatus.SUCCEEDED, new LongAdder(),
      JobStatus.FAILED, new LongAdder(), JobStatus.CANCELLED, new LongAdder()));
  /** The jobs this service's start found running in the journal and resumed; set once, by the start. */
  private List<Resumed> resumed = List.of();
  private boolean closed;

  /**
   * @param oneMessage cluster mode: how long a fetch job's URL list may be ({@link UrlListLimit#of})
   */
  public RunnerJobService(JobBackend backend, JobRequests requests, ServiceSettings settings,
      Optional<UrlListLimit> oneMessage, Ticker ticker) {
    this(backend, requests, settings, oneMessage, ticker, Optional.empty());
  }

  /** @param journal where jobs submitted as requests are kept; the service owns it and closes it */
  RunnerJobService(JobBackend backend, JobRequests requests, ServiceSettings settings,
      Optional<UrlListLimit> oneMessage, Ticker ticker, Optional<JobJournal> journal) {
    this.journal = journal;
    this.backend = backend;
    this.requests = requests;
    this.settings = settings;
    this.oneMessage = oneMessage;
    this.ticker = ticker;
  }

  /**
   * A service over {@code backend}, its settings and job defaults read from {@code config} and
   * checked first, then the backend opened (cluster mode: joined); on any failure the backend is closed.
   * The service owns the backend from here: closing the service closes it.
   *
   * @param config the configuration the backend was made with (cluster mode: the cluster member's)
   * @throws IllegalArgumentException naming a bad setting
   * @throws IllegalStateException    when the backend cannot start (no cluster to join)
   */
  public static RunnerJobService open(JobBackend backend, Config config, TaskRegistry registry) {
    return open(backend, config, registry, Optional.empty());
  }

  /**
   * As {@link #open(JobBackend, Config, TaskRegistry)}, keeping jobs in {@code journal} (which the
   * service then owns): the jobs it kept are listed again, the ended ones with how they ended, and
   * the running ones resumed, computing only the partitions it has no result for.
   */
  public static RunnerJobService open(JobBackend backend, Config config, TaskRegistry registry,
      Optional<JobJournal> journal) {
    try {
      JobRequests requests = new JobRequests(JobDefaults.from(config), registry);
      ServiceSettings settings = ServiceSettings.from(config);
      Optional<UrlListLimit> oneMessage = backend.mode() == ExecutionMode.CLUSTER
          ? Optional.of(UrlListLimit.of(config)) : Optional.empty();
      backend.open();
      RunnerJobService service = new RunnerJobService(backend, requests, settings, oneMessage, Ticker.system(),
          journal);
      journal.ifPresent(kept -> service.resume(kept.recover()));
      return service;
    } catch (RuntimeException e) {
      backend.close();
      journal.ifPresent(JobJournal::close);
      throw e;
    }
  }

  /** Lists what the journal kept and resumes the jobs that had not ended, each under its old id. */
  private void resume(List<JobJournal.Stored> stored) {
    List<Resumed> running = new ArrayList<>();
    for (JobJournal.Stored kept : stored) {
      JournaledJob job = kept.job();
      if (job.endedView().isPresent()) {
        JobRecord record = JobRecord.ended(StoredViews.read(job.endedView().get()), ticker);
        synchronized (this) {
          jobs.put(record.id(), record);
          finished.addLast(record);
        }
      } else {
        resumeRunning(kept.id(), kept.submitted(), job).ifPresent(running::add);
      }
    }
    synchronized (this) {
      resumed = List.copyOf(running);
    }
  }

  /**
   * A job this service's start found running in its journal and resumed under its id: what a
   * one-shot {@code run --journal} looks for, to wait for the job a killed run of the same command left.
   * Its plan line is the job's {@link Job#planLine()} (the same command plans the same line); its kept
   * partitions are those whose results came from the journal, not computed again.
   */
  public static final class Resumed {
    private final Submitted submitted;
    private final String planLine;
    private final long keptPartitions;
    private final FollowedProgress progress;

    private Resumed(Submitted submitted, String planLine, long keptPartitions, FollowedProgress progress) {
      this.submitted = submitted;
      this.planLine = planLine;
      this.keptPartitions = keptPartitions;
      this.progress = progress;
    }

    public Submitted submitted() {
      return submitted;
    }

    public String planLine() {
      return planLine;
    }

    public long keptPartitions() {
      return keptPartitions;
    }

    /** From now on, also tells {@code listener} how far the job is (a progress bar opened after the start). */
    public void follow(ProgressListener listener) {
      progress.follow(listener);
    }
  }

  /** The jobs this service resumed from its journal when it started, in submission order; empty without a journal. */
  public synchronized List<Resumed> resumed() {
    return resumed;
  }

  private Optional<Resumed> resumeRunning(String id, JournalRecord.JobSubmitted submitted, JournaledJob kept) {
    JobJournal.Writer writer = journal.orElseThrow().resume(id);
    Instant when = Instant.ofEpochMilli(submitted.submittedMillis());
    Job job;
    try {
      job = requests.prepare(StoredRequests.read(submitted.requestJson()), oneMessage).withId(id);
    } catch (RuntimeException e) {
      refuseResume(id, writer, when, submitted, "its request is no longer accepted: " + e.getMessage());
      return Optional.empty();
    }
    if (!job.planLine().equals(submitted.plan())) {
      refuseResume(id, writer, when, submitted, "it was planned as '" + submitted.plan() + "' and would now be '"
          + job.planLine() + "'");
      return Optional.empty();
    }
    LOG.info("resuming job {}: {} of {} partitions have their results from the journal", id, kept.resultCount(),
        job.partitionCount());
    FollowedProgress progress = new FollowedProgress();
    Submitted started = start(job.resumedWith(kept.results()), progress, Optional.of(writer), when);
    return Optional.of(new Resumed(started, job.planLine(), kept.resultCount(), progress));
  }

  /** A kept job that cannot be resumed as it was is failed, saying why; its results are not trusted. */
  private void refuseResume(String id, JobJournal.Writer writer, Instant submitted, JournalRecord.JobSubmitted kept,
      String why) {
    LOG.warn("job {} is not resumed: {}", id, why);
    String task = kept.plan().split(" ", 2)[0];
    JobView view = new JobView(id, task, backend.mode().label(), JobStatus.FAILED, 1, 0, 0, 0, submitted,
        Optional.of(ticker.instant()), Optional.empty(), Optional.of("not resumed: " + why), Optional.empty());
    writer.end(StoredViews.write(view));
    JobRecord record = JobRecord.ended(view, ticker);
    synchronized (this) {
      jobs.put(id, record);
      finished.addLast(record);
    }
  }

  public ExecutionMode mode() {
    return backend.mode();
  }

  public ServiceSettings settings() {
    return settings;
  }

  /** The clock jobs are stamped with, so a caller timing one reads the same. */
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public JobHandle submit(JobRequest request) {
    return submit(request, ProgressListener.NONE);
  }

  /**
   * As {@link #submit(JobRequest)}, also telling {@code progress} how far the job is (the command
   * line's progress bar); it is called on the coordinator's thread and must be cheap.
   */
  public JobHandle submit(JobRequest request, ProgressListener progress) {
    return submitRequest(request, progress).handle();
  }

  /**
   * As {@link #submit(JobRequest, ProgressListener)} (journaled, when the service keeps a journal),
   * with what a caller in this JVM gets from {@link #submit(Job, ProgressListener)}: a one-shot
   * {@code run --journal} times it as any run, and a run of the same command after a crash finds it
   * among the {@link #resumed()}.
   *
   * @throws JobRequestException naming the field that is wrong; nothing was started
   */
  public Submitted submitRequest(JobRequest request, ProgressListener progress) {
    Job prepared = requests.prepare(request, oneMessage);
    if (journal.isEmpty()) {
      return submit(prepared, progress);
    }
    // The job runs while its registration is written (clients submitting at once share that write), and
    // this returns once it is durable: a job the client hears of survives a crash.
    checkOpen();
    JobJournal.Accepted accepted = journal.get().submit(
        new JournalRecord.JobSubmitted(StoredRequests.write(request), prepared.planLine(), ticker.millis()));
    synchronized (this) {
      unwritten.add(accepted.id());
    }
    Submitted submitted = start(prepared.withId(accepted.id()), progress, Optional.of(accepted.writer()),
        ticker.instant());
    try {
      journal.get().awaitWritten(accepted);
    } catch (IllegalStateException e) {
      // The journal does not hold it: the job is stopped and dropped, and the caller told why.
      synchronized (this) {
        jobs.remove(accepted.id());
        unwritten.remove(accepted.id());
      }
      backend.cancel(accepted.id());
      throw e;
    }
    synchronized (this) {
      unwritten.remove(accepted.id());
    }
    return submitted;
  }

  /**
   * A job submitted from this JVM, with what only such a caller gets: the job as it runs (under the
   * service's id) and its outcome as the backend reported it, the answer's value itself and not
   * only its rendering (compare checks that the modes' values agree; a fetch run's rows are built
   * from its results). The service keeps neither.
   *
   * @param outcome completes when the job ends, before the service has filed it (so a run timed to
   *                it is not charged for rendering its answer); exceptionally when it could not start
   */
  public record Submitted(JobHandle handle, Job job, CompletableFuture<JobOutcome> outcome) { }

  /**
   * Starts a job its caller has prepared with the service's rules ({@link JobRequests#prepare}):
   * the command line prepares first, to print the job and refuse a bad flag before the backend
   * starts (cluster mode: before joining). The job runs under an id of the service's.
   *
   * @throws IllegalStateException when the service is closed
   */
  public Submitted submit(Job prepared, ProgressListener progress) {
    return start(prepared.withId(ids.next()), progress, Optional.empty(), ticker.instant());
  }

  /** Starts a job under its own id; what the journal keeps of it goes to {@code writer}. */
  private Submitted start(Job job, ProgressListener progress, Optional<JobJournal.Writer> writer, Instant submitted) {
    JobRecord record;
    Job running;
    CompletableFuture<JobOutcome> outcome;
    CompletableFuture<JobOutcome> reported = new CompletableFuture<>();
    synchronized (this) {
      // Under the lock: a close() that has begun must not see a job it does not cancel, nor a
      // job start a backend it has closed.
      if (closed) {
        throw new IllegalStateException("the job service is closed");
      }
      record = new JobRecord(job, backend.mode().label(), ticker, this::cancel, submitted);
      started.increment();
      // Taken now: the record lets go of its job when the job ends, which may be before start returns.
      running = record.job();
      jobs.put(record.id(), record);
      try {
        // A job too large for the journal to hold its results keeps only its request and end.
        boolean keepResults = journal.map(kept -> kept.keepsResultsOf(running.partitionCount())).orElse(false);
        outcome = backend.start(running, record.progress(journaling(progress, keepResults ? writer : Optional.empty())));
      } catch (RuntimeException e) {
        record.endWithError("job " + record.id() + " could not start: " + e.getMessage());
        writeEnd(record, writer);
        file(record);
        reported.completeExceptionally(new IllegalStateException(record.view().error().orElseThrow(), e));
        return new Submitted(record, running, reported);
      }
    }
    outcome.whenComplete((ended, error) -> {
      if (error != null) {
        reported.completeExceptionally(error);
      } else {
        reported.complete(ended);
      }
      try {
        if (error != null) {
          record.endWithError(error.getMessage());
        } else {
          record.end(ended);
        }
      } catch (RuntimeException e) {
        // A task whose render throws must not leave its job running for ever.
        record.endWithError("job " + record.id() + " ended but its answer could not be rendered: " + e);
      }
      writeEnd(record, writer);
      file(record);
    });
    return new Submitted(record, running, reported);
  }

  /** Hands accepted results to the job's journal writer as well as to {@code progress}. */
  private static ProgressListener journaling(ProgressListener progress, Optional<JobJournal.Writer> writer) {
    if (writer.isEmpty()) {
      return progress;
    }
    return new ProgressListener() {
      @Override
      public void onProgress(long done, long total) {
        progress.onProgress(done, total);
      }

      @Override
      public void onRetries(long retries) {
        progress.onRetries(retries);
      }

      @Override
      public void onAccepted(List<AcceptedResult> results) {
        writer.get().results(results);
        progress.onAccepted(results);
      }
    };
  }

  /**
   * Journals how the job ended, unless the service's close ended it: a job cut short by a
   * coordinator's stop is resumed by its next start, as after a crash.
   */
  private void writeEnd(JobRecord record, Optional<JobJournal.Writer> writer) {
    boolean stopping;
    synchronized (this) {
      stopping = closed;
    }
    if (writer.isPresent() && !stopping) {
      writer.get().end(StoredViews.write(record.view()));
    }
  }

  private synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the job service is closed");
    }
  }

  @Override
  public synchronized Optional<JobView> get(String id) {
    return Optional.ofNullable(heard(id)).map(JobRecord::view);
  }

  /** The job {@code id}, unless there is none or its registration is not written yet; under the lock. */
  private JobRecord heard(String id) {
    return unwritten.contains(id) ? null : jobs.get(id);
  }

  /** @throws IllegalArgumentException when {@code limit} is negative */
  @Override
  public List<JobView> list(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    List<JobRecord> known;
    synchronized (this) {
      known = new ArrayList<>(jobs.values());
      known.removeIf(record -> unwritten.contains(record.id()));
    }
    List<JobView> newestFirst = new ArrayList<>();
    for (int i = known.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(known.get(i).view());
    }
    return newestFirst;
  }

  /**
   * {@inheritDoc} Waits up to {@code scatter.service.cancel-wait} for the job's coordinator to
   * confirm, so the view returned normally says CANCELLED (or how the job ended first, if it beat
   * the cancel); after that wait it may still say RUNNING, and {@link JobHandle#done()} tells the end.
   */
  @Override
  public Optional<CompletionStage<JobView>> whenEnded(String id) {
    JobRecord record;
    synchronized (this) {
      record = heard(id);
    }
    return Optional.ofNullable(record).map(JobRecord::done);
  }

  @Override
  public Optional<JobView> cancel(String id) {
    JobRecord record;
    synchronized (this) {
      record = heard(id);
    }
    if (record == null) {
      return Optional.empty();
    }
    if (!record.isEnded()) {
      backend.cancel(id);
      await(record.done().toCompletableFuture(), settings.cancelWait().toNanos());
    }
    return Optional.of(record.view());
  }

  /**
   * {@inheritDoc} Waits up to {@code scatter.service.nodes-wait} for the jobs' coordinators (one
   * late is left out), and as long again for the answer to come back from the backend's actors.
   */
  @Override
  public Optional<String> trouble() {
    return backend.trouble();
  }

  /** {@inheritDoc} Jobs a journal kept as ended are not counted: they ended under an earlier service. */
  @Override
  public ServiceCounts counts() {
    Map<JobStatus, Long> ended = new EnumMap<>(JobStatus.class);
    endedCounts.forEach((state, count) -> ended.put(state, count.sum()));
    return new ServiceCounts(started.sum(), ended, backend.counts());
  }

  @Override
  public List<NodeReport> nodes() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the job service is closed");
      }
    }
    Duration patience = settings.nodesWait();
    try {
      return backend.nodes(patience).get(ANSWER_ROOM * patience.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the coordinator did not say what its nodes hold within "
          + ANSWER_ROOM * patience.toMillis() + " ms (twice scatter.service.nodes-wait)");
    } catch (ExecutionException e) {
      throw new IllegalStateException("looking at the nodes failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking at the nodes");
    }
  }

  /** Cancels every running job, waits up to the cancel wait for them to end, then closes the backend. */
  @Override
  public void close() {
    List<JobRecord> running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = jobs.values().stream().filter(record -> !record.isEnded()).toList();
    }
    running.forEach(record -> backend.cancel(record.id()));
    long deadline = ticker.read() + settings.cancelWait().toNanos();
    for (JobRecord record : running) {
      await(record.done().toCompletableFuture(), deadline - ticker.read());
    }
    // Ends, as failed, whatever did not confirm in time: the backends complete their jobs when they stop.
    backend.close();
    journal.ifPresent(JobJournal::close);
  }

  /**
   * Files an ended job among the finished, forgetting the oldest beyond the limit that ended longer
   * ago than keep-finished-for, then completes its done().
   */
  private void file(JobRecord record) {
    endedCounts.get(record.view().state()).increment();
    synchronized (this) {
      if (jobs.containsKey(record.id())) {
        finished.addLast(record);
        Instant keptSince = ticker.instant().minus(settings.keepFinishedFor());
        while (finished.size() > settings.keepFinished() && endedBefore(finished.peekFirst(), keptSince)) {
          String forgotten = finished.removeFirst().id();
          jobs.remove(forgotten);
          journal.ifPresent(kept -> kept.forget(forgotten));
        }
      }
    }
    record.completeDone();
  }

  private static boolean endedBefore(JobRecord record, Instant instant) {
    return record.view().ended().map(ended -> ended.isBefore(instant)).orElse(true);
  }

  private static void await(CompletableFuture<JobView> done, long nanos) {
    try {
      done.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The caller reports the job as it is now.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

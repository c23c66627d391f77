package io.scatter.service;

import com.typesafe.config.Config;
import io.scatter.coordinator.ExecutionMode;
import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobBackend;
import io.scatter.coordinator.JobOutcome;
import io.scatter.coordinator.NodeReport;
import io.scatter.coordinator.ProgressListener;
import io.scatter.task.TaskRegistry;
import io.scatter.time.Ticker;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  /** A look at the nodes waits this many times the census's own limit: room for its answer to travel back. */
  private static final int ANSWER_ROOM = 2;

  private final JobBackend backend;
  private final JobRequests requests;
  private final ServiceSettings settings;
  private final Optional<UrlListLimit> oneMessage;
  private final Ticker ticker;
  private final JobIds ids = new JobIds();
  /** Every job known, in submission order; guarded by this. The ended ones are also in {@link #finished}. */
  private final LinkedHashMap<String, JobRecord> jobs = new LinkedHashMap<>();
  /** Ended jobs, oldest end first; guarded by this. */
  private final ArrayDeque<JobRecord> finished = new ArrayDeque<>();
  private boolean closed;

  /**
   * @param oneMessage cluster mode: how long a fetch job's URL list may be ({@link UrlListLimit#of})
   */
  public RunnerJobService(JobBackend backend, JobRequests requests, ServiceSettings settings,
      Optional<UrlListLimit> oneMessage, Ticker ticker) {
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
    try {
      JobRequests requests = new JobRequests(JobDefaults.from(config), registry);
      ServiceSettings settings = ServiceSettings.from(config);
      Optional<UrlListLimit> oneMessage = backend.mode() == ExecutionMode.CLUSTER
          ? Optional.of(UrlListLimit.of(config)) : Optional.empty();
      backend.open();
      return new RunnerJobService(backend, requests, settings, oneMessage, Ticker.system());
    } catch (RuntimeException e) {
      backend.close();
      throw e;
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
    return submit(requests.prepare(request, oneMessage), progress).handle();
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
      record = new JobRecord(prepared.withId(ids.next()), backend.mode().label(), ticker, this::cancel);
      // Taken now: the record lets go of its job when the job ends, which may be before start returns.
      running = record.job();
      jobs.put(record.id(), record);
      try {
        outcome = backend.start(running, record.progress(progress));
      } catch (RuntimeException e) {
        record.endWithError("job " + record.id() + " could not start: " + e.getMessage());
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
      file(record);
    });
    return new Submitted(record, running, reported);
  }

  @Override
  public synchronized Optional<JobView> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(JobRecord::view);
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
      record = jobs.get(id);
    }
    return Optional.ofNullable(record).map(JobRecord::done);
  }

  @Override
  public Optional<JobView> cancel(String id) {
    JobRecord record;
    synchronized (this) {
      record = jobs.get(id);
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
  }

  /**
   * Files an ended job among the finished, forgetting the oldest beyond the limit that ended longer
   * ago than keep-finished-for, then completes its done().
   */
  private void file(JobRecord record) {
    synchronized (this) {
      if (jobs.containsKey(record.id())) {
        finished.addLast(record);
        Instant keptSince = ticker.instant().minus(settings.keepFinishedFor());
        while (finished.size() > settings.keepFinished() && endedBefore(finished.peekFirst(), keptSince)) {
          jobs.remove(finished.removeFirst().id());
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

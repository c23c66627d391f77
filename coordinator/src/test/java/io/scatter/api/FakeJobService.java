package io.scatter.api;

import io.scatter.coordinator.Job;
import io.scatter.coordinator.JobStats;
import io.scatter.coordinator.NodeReport;
import io.scatter.node.ScatterConfig;
import io.scatter.service.JobDefaults;
import io.scatter.service.JobHandle;
import io.scatter.service.JobRequest;
import io.scatter.service.JobRequests;
import io.scatter.service.JobService;
import io.scatter.service.JobStatus;
import io.scatter.service.JobView;
import io.scatter.task.TaskRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An honest in-memory {@link JobService} for testing the routes: a request is checked as the real
 * service checks it ({@link JobRequests#prepare}), then recorded as a RUNNING job that never
 * progresses on its own; {@link #finish} ends one, {@link #cancel} cancels one. Ids are
 * {@code job-1}, {@code job-2}... and submission instants one second apart, so "newest first" is exact.
 * The nodes it reports are whatever a test gave {@link #setNodes}.
 */
public final class FakeJobService implements JobService {

  private static final Instant EPOCH = Instant.parse("2026-12-01T00:00:00Z");

  private final JobRequests requests = new JobRequests(JobDefaults.from(ScatterConfig.load()), TaskRegistry.load());
  private final Map<String, JobView> jobs = new LinkedHashMap<>();
  private final List<JobRequest> submitted = new ArrayList<>();
  private boolean closed;
  private RuntimeException nextSubmitFails;
  private List<NodeReport> nodes = List.of();
  /** What {@link #whenEnded} gave out for running jobs, completed when they end. */
  private final Map<String, CompletableFuture<JobView>> ends = new java.util.HashMap<>();

  @Override
  public synchronized JobHandle submit(JobRequest request) {
    if (nextSubmitFails != null) {
      RuntimeException failure = nextSubmitFails;
      nextSubmitFails = null;
      throw failure;
    }
    Job job = requests.prepare(request);
    submitted.add(request);
    String id = "job-" + submitted.size();
    JobView view = new JobView(id, job.taskRef().name(), "cluster", JobStatus.RUNNING, JobRequests.weight(request), 0,
        job.partitionCount(), 0, EPOCH.plusSeconds(submitted.size()), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    jobs.put(id, view);
    return new Handle(id);
  }

  @Override
  public synchronized Optional<JobView> get(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Ends with the job: a test that finishes or cancels it completes what routes wait on. */
  @Override
  public synchronized Optional<CompletionStage<JobView>> whenEnded(String id) {
    JobView job = jobs.get(id);
    if (job == null) {
      return Optional.empty();
    }
    if (job.isEnded()) {
      return Optional.of(CompletableFuture.completedFuture(job));
    }
    return Optional.of(ends.computeIfAbsent(id, ignored -> new CompletableFuture<>()));
  }

  @Override
  public synchronized List<JobView> list(int limit) {
    List<JobView> newestFirst = new ArrayList<>(jobs.values());
    java.util.Collections.reverse(newestFirst);
    return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
  }

  @Override
  public synchronized Optional<JobView> cancel(String id) {
    JobView job = jobs.get(id);
    if (job == null || job.isEnded()) {
      return Optional.ofNullable(job);
    }
    JobView cancelled = ended(job, JobStatus.CANCELLED, Optional.empty(), Optional.of("cancelled"), Optional.empty());
    jobs.put(id, cancelled);
    ended(cancelled);
    return Optional.of(cancelled);
  }

  /** What {@link #nodes} answers; none until set. */
  private String trouble;

  /** What {@link #trouble()} says from now on; null for none. */
  synchronized void setTrouble(String trouble) {
    this.trouble = trouble;
  }

  @Override
  public synchronized java.util.Optional<String> trouble() {
    return java.util.Optional.ofNullable(trouble);
  }

  synchronized void setNodes(List<NodeReport> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public synchronized List<NodeReport> nodes() {
    return nodes;
  }

  /** Ends a running job as succeeded, every partition done. */
  synchronized void finish(String id, String answer, JobStats stats) {
    JobView job = jobs.get(id);
    jobs.put(id, ended(new JobView(job.id(), job.task(), job.mode(), job.state(), job.weight(), job.partitions(),
        job.partitions(), job.retries(), job.submitted(), job.ended(), job.answer(), job.error(), job.stats()), JobStatus.SUCCEEDED,
        Optional.of(answer), Optional.empty(), Optional.of(stats)));
    ended(jobs.get(id));
  }

  private void ended(JobView view) {
    CompletableFuture<JobView> end = ends.remove(view.id());
    if (end != null) {
      end.complete(view);
    }
  }

  /** The next submit throws this, as a service might that is closing or out of memory. */
  synchronized void failNextSubmit(RuntimeException failure) {
    nextSubmitFails = failure;
  }

  public synchronized List<JobRequest> submitted() {
    return List.copyOf(submitted);
  }

  public synchronized boolean closed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private static JobView ended(JobView job, JobStatus state, Optional<String> answer, Optional<String> error,
      Optional<JobStats> stats) {
    return new JobView(job.id(), job.task(), job.mode(), state, job.weight(), job.partitionsDone(), job.partitions(),
        stats.map(JobStats::retries).orElse(job.retries()), job.submitted(), Optional.of(job.submitted().plusMillis(500)), answer, error, stats);
  }

  private final class Handle implements JobHandle {
    private final String id;

    Handle(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public JobView view() {
      return get(id).orElseThrow();
    }

    @Override
    public CompletionStage<JobView> done() {
      return CompletableFuture.completedFuture(view()); // the routes never wait on it
    }

    @Override
    public void cancel() {
      FakeJobService.this.cancel(id);
    }
  }
}

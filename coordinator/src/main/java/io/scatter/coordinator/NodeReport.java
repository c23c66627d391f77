package io.scatter.coordinator;

import java.util.List;
import java.util.Optional;

/**
 * One member of the cluster as a coordinator sees it, with its workers and what each is doing for
 * this coordinator's jobs: what {@code GET /nodes} and {@code scatter nodes} show. In-process
 * ({@code actors} mode) there is one such node, {@link #IN_PROCESS}, holding the worker pool.
 *
 * @param address   {@code host:port} of the member, or {@link #IN_PROCESS}
 * @param name      the node's name ({@code node-1}), when it was started with one
 * @param roles     its scatter roles ({@code worker}, {@code coordinator})
 * @param status    its membership status, lower case: {@code joining}, {@code up}, {@code leaving}...
 * @param reachable false while the failure detector has lost sight of it
 * @param self      the coordinator answering: this JVM
 * @param workers   its worker actors, by name
 */
public record NodeReport(String address, Optional<String> name, List<String> roles, String status, boolean reachable,
    boolean self, List<Worker> workers) {

  /** The address of the one node of the in-process mode. */
  public static final String IN_PROCESS = "in-process";

  public NodeReport {
    roles = List.copyOf(roles);
    workers = List.copyOf(workers);
  }

  public NodeReport withWorkers(List<Worker> workers) {
    return new NodeReport(address, name, roles, status, reachable, self, workers);
  }

  /**
   * A worker actor and the jobs of this coordinator it serves.
   *
   * @param name {@code worker-1}
   * @param path the actor's full path, unique in the cluster
   * @param jobs one entry per job that has offered it work, by job id
   */
  public record Worker(String name, String path, List<Work> jobs) {
    public Worker {
      jobs = List.copyOf(jobs);
    }

    /** Partitions leased to it now, over every job. */
    public int leased() {
      return jobs.stream().mapToInt(Work::leased).sum();
    }
  }

  /**
   * One job a worker serves.
   *
   * @param leased  partitions of the job leased to the worker now: dispatched to it, result not yet in
   * @param running the partition it runs now, once that has run longer than a progress interval
   *                (shorter ones come and go too fast to show)
   */
  public record Work(String jobId, int leased, Optional<Running> running) {

    public Work(String jobId, int leased) {
      this(jobId, leased, Optional.empty());
    }
  }

  /**
   * A partition a worker has been running for a while, as it last said.
   *
   * @param partition its index
   * @param done      numbers of it run so far, unsigned
   * @param size      numbers in it, unsigned
   * @param runningMillis since it began, including the time since it said so
   */
  public record Running(long partition, long done, long size, long runningMillis) {

    /** The part of it done, 0 to 1. */
    public double fraction() {
      return size == 0 ? 1 : unsigned(done) / unsigned(size);
    }

    private static double unsigned(long value) {
      return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }
  }
}

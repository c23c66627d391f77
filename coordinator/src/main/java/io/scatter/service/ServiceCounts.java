package io.scatter.service;

import io.scatter.coordinator.BackendCounts;
import java.util.Map;

/**
 * What a job service has counted since it started, for {@code GET /metrics}: figures that only grow,
 * unlike the jobs it keeps (it forgets the oldest ended ones).
 *
 * @param started jobs it started: submitted, and resumed from its journal; running now or ended since
 * @param ended   of those, how many ended in each final state (never {@link JobStatus#RUNNING})
 * @param backend what its backend counted (cluster events, wire traffic)
 */
public record ServiceCounts(long started, Map<JobStatus, Long> ended, BackendCounts backend) {

  public static final ServiceCounts NONE = new ServiceCounts(0, Map.of(), BackendCounts.NONE);

  public ServiceCounts {
    ended = Map.copyOf(ended);
  }

  /** Jobs that ended as {@code state}; 0 for RUNNING. */
  public long ended(JobStatus state) {
    return ended.getOrDefault(state, 0L);
  }
}

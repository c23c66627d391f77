package io.scatter.coordinator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Something the coordinator saw happen to a job's workers, stamped with its ticker's
 * {@link io.scatter.time.Ticker#read()} in the coordinator's JVM. A fault report lines these up against the faults injected.
 * As JSON (a job's stats) each names its kind: {@code "kind":"lost"}, {@code added}, {@code left},
 * {@code expired} or {@code redispatched}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.WorkerLost.class, name = "lost"),
    @JsonSubTypes.Type(value = JobEvent.WorkerAdded.class, name = "added"),
    @JsonSubTypes.Type(value = JobEvent.WorkerLeft.class, name = "left"),
    @JsonSubTypes.Type(value = JobEvent.LeasesExpired.class, name = "expired"),
    @JsonSubTypes.Type(value = JobEvent.Redispatched.class, name = "redispatched")})
public sealed interface JobEvent {

  long atNanos();

  /**
   * A worker was lost; its partitions went back to the queue. {@code reason} is one of the
   * constants below, each saying how the loss was noticed.
   */
  record WorkerLost(long atNanos, String worker, String reason, List<Long> requeued) implements JobEvent {
    /** Its node's lifeline closed: the process is most likely gone, seen in milliseconds. */
    public static final String CONNECTION_CLOSED = "connection closed";
    /** The failure detector marked its node unreachable (the Receptionist listing dropped it). */
    public static final String UNREACHABLE = "is unreachable";
    /** The watched worker actor stopped, or its node was removed from the cluster. */
    public static final String STOPPED = "stopped";
    /** It had left on purpose but was cut short at its drain deadline, holding these. */
    public static final String DRAIN_CUT_SHORT = "left, cut short at its drain deadline";
  }

  /** A worker was offered the job (at the start, or joining mid-job), or was heard from again after its lifeline closed. */
  record WorkerAdded(long atNanos, String worker) implements JobEvent { }

  /**
   * A worker is leaving on purpose (its node was asked to stop): it handed back {@code returned},
   * which it had not started, and they were queued again at once, no attempt spent.
   */
  record WorkerLeft(long atNanos, String worker, List<Long> returned) implements JobEvent { }

  /** Leases held by {@code worker} ran out on these partitions; they went back to the queue (unless a copy was still out). */
  record LeasesExpired(long atNanos, String worker, List<Long> requeued) implements JobEvent { }

  /** Partitions dispatched again (retries, expired or lost ones, speculative copies). */
  record Redispatched(long atNanos, String worker, List<Long> indices) implements JobEvent { }
}

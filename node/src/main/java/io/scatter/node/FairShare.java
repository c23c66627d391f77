package io.scatter.node;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of several jobs a worker runs next, so that each gets the worker for a part of its time
 * proportional to its weight. Pure: no actors, no clock; the caller says what each job's partitions
 * cost (in nanoseconds of run time, measured on its own ticker).
 *
 * <p>A weighted fair queue over run time, the deficit round-robin idea with the quantum shrunk to
 * one partition: every job has a virtual time, its cost so far divided by its weight, and the ready
 * job with the least goes next. Counting cost, not partitions, keeps a job of 100x longer partitions
 * from taking 100x the worker. A job that joins, or comes back after it had nothing queued, starts
 * at the virtual time of the jobs that kept running: it goes next at once, but brings no credit
 * from the time it was absent (and no debt from before it joined).
 *
 * @param <K> how jobs are named (the worker uses job ids)
 */
public final class FairShare<K> {

  /** Virtual time per job; iteration order is join order, which breaks ties. */
  private final Map<K, Entry> jobs = new LinkedHashMap<>();
  /** The virtual time of the last job picked: no job that was ready since then is behind it. */
  private double clock;

  private static final class Entry {
    final double weight;
    double virtualTime;

    Entry(double weight, double virtualTime) {
      this.weight = weight;
      this.virtualTime = virtualTime;
    }
  }

  /** Adds a job (a known one keeps its place and takes the new weight). */
  public void add(K job, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("a job's weight must be a positive number, got " + weight);
    }
    Entry known = jobs.get(job);
    jobs.put(job, new Entry(weight, known != null ? known.virtualTime : clock));
  }

  public void remove(K job) {
    jobs.remove(job);
  }

  public boolean contains(K job) {
    return jobs.containsKey(job);
  }

  /** Charges {@code costNanos} of run time to {@code job}; unknown jobs (already removed) are ignored. */
  public void charge(K job, long costNanos) {
    Entry entry = jobs.get(job);
    if (entry != null) {
      entry.virtualTime += Math.max(0, costNanos) / entry.weight;
    }
  }

  /**
   * The job among {@code ready} (those with work to run now) that runs next, or null if none of
   * them is known.
   */
  public K next(Collection<K> ready) {
    K best = null;
    double bestTime = Double.POSITIVE_INFINITY;
    for (Map.Entry<K, Entry> e : jobs.entrySet()) {
      if (!ready.contains(e.getKey())) {
        continue;
      }
      Entry entry = e.getValue();
      // Back from having nothing queued: no credit for the time it sat out.
      entry.virtualTime = Math.max(entry.virtualTime, clock);
      if (entry.virtualTime < bestTime) {
        best = e.getKey();
        bestTime = entry.virtualTime;
      }
    }
    if (best != null) {
      clock = bestTime;
    }
    return best;
  }

  /** {@code job}'s part of the worker: its weight over the sum of all known jobs' weights; 0 if unknown. */
  public double share(K job) {
    Entry entry = jobs.get(job);
    if (entry == null) {
      return 0;
    }
    double total = 0;
    for (Entry each : jobs.values()) {
      total += each.weight;
    }
    return entry.weight / total;
  }

  public int size() {
    return jobs.size();
  }
}

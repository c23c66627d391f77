package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import scala.collection.immutable.VectorMap;
import scala.collection.immutable.VectorMap$;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.OptionConverters;

/**
 * The jobs a journal keeps, in the order they were submitted, each with what it was submitted as,
 * and the last number given: an immutable value changed only by {@link #updated}, live and on replay
 * alike. A service keeps every job of the last minute, tens of thousands at a few hundred a second,
 * so the jobs are a persistent map (Scala's, which Pekko brings): an event changes a few of its
 * nodes, where copying a Java map on every event took more time than the database's writes.
 */
public final class JobRegistry implements JournalRecord {

  static final JobRegistry EMPTY = new JobRegistry(0, VectorMap$.MODULE$.empty());

  private final long lastNumber;
  private final VectorMap<String, JobSubmitted> jobs;

  private JobRegistry(long lastNumber, VectorMap<String, JobSubmitted> jobs) {
    this.lastNumber = lastNumber;
    this.jobs = jobs;
  }

  /** A registry as a snapshot holds it: {@code jobs} in the order they were submitted. */
  static JobRegistry of(long lastNumber, Map<String, JobSubmitted> jobs) {
    JobRegistry registry = new JobRegistry(lastNumber, EMPTY.jobs);
    for (Map.Entry<String, JobSubmitted> job : jobs.entrySet()) {
      registry = new JobRegistry(lastNumber, registry.jobs.updated(job.getKey(), job.getValue()));
    }
    return registry;
  }

  public JobRegistry updated(RegistryEvent event) {
    long last = lastNumber;
    VectorMap<String, JobSubmitted> next = jobs;
    for (JobRegistered registered : event.registered()) {
      last = Math.max(last, registered.number());
      next = next.updated(registered.id(), registered.submitted());
    }
    for (String forgotten : event.forgotten()) {
      next = next.removed(forgotten);
    }
    return new JobRegistry(last, next);
  }

  public long lastNumber() {
    return lastNumber;
  }

  /** The ids kept, oldest first. */
  public List<String> ids() {
    return new ArrayList<>(CollectionConverters.asJava(jobs.keys()));
  }

  /** The jobs kept and what each was submitted as, oldest first. */
  public Map<String, JobSubmitted> jobs() {
    return new LinkedHashMap<>(CollectionConverters.asJava(jobs));
  }

  public boolean keeps(String id) {
    return jobs.contains(id);
  }

  public Optional<JobSubmitted> submitted(String id) {
    return OptionConverters.toJava(jobs.get(id));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobRegistry registry && lastNumber == registry.lastNumber
        && ids().equals(registry.ids()) && jobs.equals(registry.jobs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastNumber, jobs.size());
  }

  @Override
  public String toString() {
    return "JobRegistry[last " + lastNumber + ", " + jobs.size() + " job(s)]";
  }
}

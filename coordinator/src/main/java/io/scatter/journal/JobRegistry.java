package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobEndedEarly;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import scala.collection.immutable.VectorMap;
import scala.collection.immutable.VectorMap$;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.OptionConverters;

/**
 * The jobs a journal keeps, in the order they were submitted, each with what it was submitted as
 * (and how it ended, for a job that ended before its own entity wrote anything), and the last number given: an immutable value changed only by {@link #updated}, live and on replay
 * alike. A service keeps every job of the last minute, tens of thousands at a few hundred a second,
 * so the jobs are a persistent map (Scala's, which Pekko brings): an event changes a few of its
 * nodes, where copying a Java map on every event took more time than the database's writes.
 */
public final class JobRegistry implements JournalRecord {

  static final JobRegistry EMPTY = new JobRegistry(0, VectorMap$.MODULE$.empty());

  /** One job kept: what it was submitted as, and how it ended if it ended early (else null). */
  record Kept(JobSubmitted submitted, String endedView) { }

  private final long lastNumber;
  private final VectorMap<String, Kept> jobs;

  private JobRegistry(long lastNumber, VectorMap<String, Kept> jobs) {
    this.lastNumber = lastNumber;
    this.jobs = jobs;
  }

  /** A registry as a snapshot holds it: {@code jobs} in the order they were submitted. */
  static JobRegistry of(long lastNumber, Map<String, Kept> jobs) {
    VectorMap<String, Kept> kept = EMPTY.jobs;
    for (Map.Entry<String, Kept> job : jobs.entrySet()) {
      kept = kept.updated(job.getKey(), job.getValue());
    }
    return new JobRegistry(lastNumber, kept);
  }

  public JobRegistry updated(RegistryEvent event) {
    long last = lastNumber;
    VectorMap<String, Kept> next = jobs;
    for (JobRegistered registered : event.registered()) {
      last = Math.max(last, registered.number());
      next = next.updated(registered.id(), new Kept(registered.submitted(), null));
    }
    for (JobEndedEarly ended : event.ended()) {
      Kept kept = OptionConverters.toJava(next.get(ended.id())).orElse(null);
      if (kept != null && kept.endedView() == null) { // the first end stands, as JournaledJob's does
        next = next.updated(ended.id(), new Kept(kept.submitted(), ended.viewJson()));
      }
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

  /** How many jobs are kept. */
  public int size() {
    return jobs.size();
  }

  /** Each job kept, oldest first: a snapshot's writer walks them once, without a copy of a busy minute's thousands. */
  void forEach(java.util.function.BiConsumer<String, Kept> action) {
    jobs.foreachEntry((id, kept) -> {
      action.accept(id, kept);
      return null;
    });
  }

  public boolean keeps(String id) {
    return jobs.contains(id);
  }

  public Optional<JobSubmitted> submitted(String id) {
    return kept(id).map(Kept::submitted);
  }

  /** How job {@code id} ended, if it ended before its own entity wrote anything. */
  public Optional<String> endedView(String id) {
    return kept(id).map(Kept::endedView);
  }

  private Optional<Kept> kept(String id) {
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

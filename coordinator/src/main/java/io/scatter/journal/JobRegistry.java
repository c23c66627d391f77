package io.scatter.journal;

import io.scatter.journal.JournalRecord.JobForgotten;
import io.scatter.journal.JournalRecord.JobRegistered;
import io.scatter.journal.JournalRecord.RegistryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs a journal keeps, in the order they were submitted, and the last number given: an
 * immutable value changed only by {@link #updated}, live and on replay alike.
 */
public record JobRegistry(long lastNumber, List<String> ids) implements JournalRecord {

  static final JobRegistry EMPTY = new JobRegistry(0, List.of());

  public JobRegistry {
    ids = List.copyOf(ids);
  }

  public JobRegistry updated(RegistryEvent event) {
    List<String> next = new ArrayList<>(ids);
    if (event instanceof JobRegistered registered) {
      next.add(registered.id());
      return new JobRegistry(Math.max(lastNumber, registered.number()), next);
    }
    next.remove(((JobForgotten) event).id());
    return new JobRegistry(lastNumber, next);
  }
}

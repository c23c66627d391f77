package io.scatter.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The result types of jobs whose task comes from uploaded jars, per job, in one actor system. Such
 * a task's classes live in the job's own class loader, so they cannot be in the {@link WireRegistry}
 * every message of the system is read with. Instead the messages that carry a job's results (a
 * {@code Pull}, a {@code Return}) register that job's types for the time it takes to write or read
 * that one message, under ids from {@link #FIRST_JOB_TYPE_ID} on in {@code resultTypes()} order,
 * skipping types the registry knows already: both ends load the same jars, so they derive the same
 * ids. Registration stays required (a class of no job, or of another job, is refused by name and
 * never instantiated), and no class of one job's loader is ever known while another job's message
 * is read.
 *
 * <p>A job's coordinator and each worker serving it {@link #hold} its types while they run it and
 * {@link #release} them when done; the types go when the last holder lets go.
 */
public final class JobWireTypes implements Extension {

  /** Far above every built-in and classpath task id: a job's types never shadow one of those. */
  public static final int FIRST_JOB_TYPE_ID = 1024;

  private static final Id ID = new Id();

  /** For a codec outside an actor system (tests, the id table): no job is ever held here. */
  static final JobWireTypes NONE = new JobWireTypes();

  private final Map<String, Held> jobs = new ConcurrentHashMap<>();

  JobWireTypes() {
  }

  public static JobWireTypes get(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  static JobWireTypes get(org.apache.pekko.actor.ActorSystem system) {
    return ID.get(system);
  }

  /**
   * {@code holder} runs {@code jobId}, whose task sends {@code types}. The first holder's types
   * stay: later holders in the same JVM load the same jars (in actors mode, in the same loader).
   */
  public void hold(String jobId, Object holder, List<Class<?>> types) {
    List<Class<?>> distinct = List.copyOf(new LinkedHashSet<>(types));
    jobs.compute(jobId, (id, held) -> {
      Held next = held == null ? new Held(distinct, new HashSet<>()) : held;
      Set<Object> holders = new HashSet<>(next.holders);
      holders.add(holder);
      return new Held(next.types, holders);
    });
  }

  /** {@code holder} is done with {@code jobId}; its types go with the last holder. */
  public void release(String jobId, Object holder) {
    jobs.computeIfPresent(jobId, (id, held) -> {
      Set<Object> holders = new HashSet<>(held.holders);
      holders.remove(holder);
      return holders.isEmpty() ? null : new Held(held.types, holders);
    });
  }

  /** The job's types, empty for a job of classpath tasks or one nobody here holds. */
  public List<Class<?>> types(String jobId) {
    Held held = jobs.get(jobId);
    return held == null ? List.of() : held.types;
  }

  /** The ids {@code jobId}'s types get, as {@link WireRegistry#table()} shows the fixed ones: for logs and tests. */
  public Map<Integer, String> table(String jobId, Kryo kryo) {
    Map<Integer, String> table = new java.util.TreeMap<>();
    int id = FIRST_JOB_TYPE_ID;
    for (Class<?> type : types(jobId)) {
      if (kryo.getClassResolver().getRegistration(type) == null) {
        table.put(id++, type.getName());
      }
    }
    return Collections.unmodifiableMap(table);
  }

  /**
   * Registers {@code jobId}'s types with {@code kryo} until the returned scope is closed: around the
   * writing or reading of one message of that job. Nothing to do (and nothing allocated) for a job without types.
   */
  Scope enter(Kryo kryo, String jobId) {
    List<Class<?>> types = types(jobId);
    if (types.isEmpty()) {
      return Scope.NONE;
    }
    List<Integer> ids = new ArrayList<>(types.size());
    int id = FIRST_JOB_TYPE_ID;
    for (Class<?> type : types) {
      if (kryo.getClassResolver().getRegistration(type) == null) {
        // Kryo's default serializer for the type: RecordSerializer for a record, FieldSerializer otherwise.
        kryo.register(new Registration(type, kryo.getDefaultSerializer(type), id));
        ids.add(id++);
      }
    }
    return () -> ids.forEach(kryo.getClassResolver()::unregister);
  }

  /** The registrations of one message; closing forgets them, so the next message starts from the fixed table. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    Scope NONE = () -> { };

    @Override
    void close();
  }

  private record Held(List<Class<?>> types, Set<Object> holders) { }

  private static final class Id extends AbstractExtensionId<JobWireTypes> {
    @Override
    public JobWireTypes createExtension(ExtendedActorSystem system) {
      return new JobWireTypes();
    }
  }
}

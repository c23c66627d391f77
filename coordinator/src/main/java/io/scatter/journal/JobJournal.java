package io.scatter.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.scatter.coordinator.AcceptedResult;
import io.scatter.journal.JournalRecord.JobSubmitted;
import io.scatter.node.util.ActorSystems;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A coordinator's journal of jobs, on Pekko Persistence with pekko-persistence-jdbc: an embedded H2
 * database in a folder by default, or PostgreSQL. It runs in an actor system of its own, local and
 * small, so every backend (the in-process pool, a cluster member) journals the same way and a
 * journal's trouble never stops the cluster's actors. Each job is an event-sourced entity
 * ({@link JobEntity}), listed in a registry ({@link RegistryEntity}) that also numbers them.
 *
 * <p>{@link #open} reads the journal back (or refuses it, saying why); {@link #recover} then gives
 * every job it keeps, ended ones with how they ended and running ones with their results so far.
 */
public final class JobJournal implements AutoCloseable {

  /** A job the journal keeps, as recovered: what it was submitted as, and what it wrote since. */
  public record Stored(String id, JobSubmitted submitted, JournaledJob job) { }

  /**
   * A job the journal has accepted: its id, given at once, where its results and end go, and the
   * write of its registration, which {@link #awaitWritten} waits for (the job may run meanwhile).
   */
  public record Accepted(String id, Writer writer, CompletableFuture<Void> written) { }

  /** Where a job's coordinator leaves what the journal keeps; never blocks. */
  public interface Writer {
    /** Results accepted, each the first for its partition; written with whatever else arrived meanwhile. */
    void results(List<AcceptedResult> results);

    /** The job's end; completes once written (its results before it). */
    CompletionStage<Void> end(String viewJson);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobJournal.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  /** How long a close waits for the writes of results already handed over. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  private final JournalDatabase database;
  private final JournalSettings settings;
  private final ActorSystem<Void> system;
  private final RegistryEntity.RegistryOutbox registry;
  private final JournalEraser eraser;
  private final Map<String, JobOutbox> outboxes = new ConcurrentHashMap<>();
  /** Where entities say they cannot read their events back: refuses the journal while it opens and recovers. */
  private final ReadFailures unreadable;

  private JobJournal(JournalDatabase database, JournalSettings settings, ActorSystem<Void> system,
      RegistryEntity.RegistryOutbox registry, ReadFailures unreadable, JournalEraser eraser) {
    this.unreadable = unreadable;
    this.database = database;
    this.settings = settings;
    this.system = system;
    this.registry = registry;
    this.eraser = eraser;
  }

  /**
   * Opens the journal at {@code settings.location()}, creating it if it does not exist, and reads its
   * registry back.
   *
   * @param config the coordinator's configuration: the journal system serializes results as the wire does
   * @throws IllegalStateException one line naming the journal and why it cannot be used (in use by
   *     another coordinator, written by another version, unreadable); nothing in it was changed
   */
  public static JobJournal open(JournalSettings settings, Config config) {
    String location = settings.location()
        .orElseThrow(() -> new IllegalArgumentException("no journal location (scatter.journal.location)"));
    JournalDatabase database = JournalDatabase.at(location, settings.user(), settings.password());
    database.prepare();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "scatter-journal", systemConfig(database, config));
    JournalEraser eraser = new JournalEraser(database);
    try {
      String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      ReadFailures unreadable = new ReadFailures(database.describe());
      RegistryEntity.RegistryOutbox registry = new RegistryEntity.RegistryOutbox(task -> system.scheduler()
          .scheduleOnce(settings.resultsEvery(), task, system.executionContext()), suffix);
      // Attached here, not in the entity's setup: that runs later, and the outbox may be used at once.
      registry.attach(system.systemActorOf(RegistryEntity.create(registry, unreadable::report,
          forgotten -> forgotten.forEach(id -> eraser.erase(JobEntity.persistenceId(id).id()))),
          "job-registry", Props.empty()));
      JobJournal journal = new JobJournal(database, settings, system, registry, unreadable, eraser);
      // Read back now: an unreadable journal is refused at start, not at the first job.
      registry.numberAfter(journal.registry().lastNumber());
      return journal;
    } catch (RuntimeException e) {
      try {
        ActorSystems.terminateAndWait(system, CLOSE_WAIT);
      } finally {
        eraser.close();
      }
      throw e;
    }
  }

  static Config systemConfig(JournalDatabase database, Config config) {
    Config slick = ConfigFactory.empty()
        .withValue("profile", ConfigValueFactory.fromAnyRef(database.slickProfile()))
        .withValue("db.url", ConfigValueFactory.fromAnyRef(database.url()))
        .withValue("db.user", ConfigValueFactory.fromAnyRef(database.user()))
        .withValue("db.password", ConfigValueFactory.fromAnyRef(database.password()))
        .withValue("db.driver", ConfigValueFactory.fromAnyRef(database.driver()))
        // One writer at a time is what a coordinator's journal sees; two connections let a read pass a write.
        .withValue("db.numThreads", ConfigValueFactory.fromAnyRef(2))
        .withValue("db.maxConnections", ConfigValueFactory.fromAnyRef(2))
        .withValue("db.minConnections", ConfigValueFactory.fromAnyRef(1));
    return ConfigFactory.parseString("""
        pekko {
          actor.provider = local
          # The cluster member's extensions (the Artery frame guard) have no place in a local system.
          extensions = []
          persistence.journal.plugin = "jdbc-journal"
          persistence.snapshot-store.plugin = "jdbc-snapshot-store"
          actor.serializers.scatter-journal = "io.scatter.journal.JournalSerializer"
          actor.serialization-bindings { "io.scatter.journal.JournalRecord" = scatter-journal }
          # Its timers are results-every (hundreds of ms), write timeouts and backoffs (seconds): Pekko's
          # 10 ms tick would wake its scheduler 100 times a second for nothing, about a third of the
          # journal threads' CPU while a CPU job ran (async-profiler).
          scheduler.tick-duration = 50ms
          coordinated-shutdown.exit-jvm = off
          # Its owner closes it, after the jobs' last writes; a JVM hook of its own would race that close
          # (and, added while the JVM already stops, logged a warning at every `cluster down`).
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
        }
        """)
        .withValue("jdbc-journal.slick", slick.root())
        .withValue("jdbc-snapshot-store.slick", slick.root())
        .withValue("jdbc-read-journal.slick", slick.root())
        .withFallback(config)
        .resolve();
  }

  /** Whether a job of {@code partitions} keeps its results here ({@code scatter.journal.max-results}). */
  public boolean keepsResultsOf(long partitions) {
    return partitions <= settings.maxResults();
  }

  /** The folder or URL, without credentials: what messages call this journal. */
  public String describe() {
    return database.describe();
  }

  /** Every job the journal keeps, in the order they were submitted. */
  public List<Stored> recover() {
    JobRegistry kept = registry();
    List<String> ids = kept.ids();
    // A job that ended early ended in the registry: nothing of its own to read (most of a busy service's).
    List<CompletableFuture<JournaledJob>> reads = new ArrayList<>(ids.size());
    for (String id : ids) {
      reads.add(kept.endedView(id).map(view -> CompletableFuture.completedFuture(JournaledJob.EMPTY.ended(view)))
          .orElseGet(() -> ask(outbox(id, null).entity(), JobEntity.Get::new).toCompletableFuture()));
    }
    List<Stored> stored = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      JournaledJob job = await(reads.get(i), "job " + ids.get(i));
      stored.add(new Stored(ids.get(i), kept.submitted(ids.get(i)).orElseThrow(), job));
      JobOutbox outbox = job.isEnded() ? outboxes.remove(ids.get(i)) : null;
      if (outbox != null) {
        outbox.passivate(); // nothing more is written for it
      }
    }
    unreadable.recovered = true;
    return stored;
  }

  /**
   * Gives a job submitted as {@code submitted} its id, at once, and hands both over to be kept: one
   * write, shared with the jobs submitted meanwhile, that {@link #awaitWritten} waits for. Ids grow
   * over the journal's whole life. The job may run while the write is under way (its own writes wait
   * for it), but nobody may hear of it before: a job a client knows of must survive a crash.
   */
  public Accepted submit(JobSubmitted submitted) {
    RegistryEntity.Registration registration = registry.register(submitted);
    String id = registration.registered().id();
    JobOutbox outbox = outbox(id, registration.written());
    // Its first write is due results-every after its registration is durable (never before: rows of a
    // job the registry does not list would never be erased); a job that ends before never starts its entity.
    registration.written().thenRun(() ->
        system.scheduler().scheduleOnce(settings.resultsEvery(), outbox::due, system.executionContext()));
    return new Accepted(id, writer(id), registration.written());
  }

  /**
   * Returns once {@code accepted}'s registration is durable.
   *
   * @throws IllegalStateException when the write did not succeed within the write timeout
   */
  public void awaitWritten(Accepted accepted) {
    await(accepted.written(), "job " + accepted.id() + "'s registration", settings.writeTimeout(),
        "scatter.journal.write-timeout");
  }

  /** The writer of a job {@link #recover} found running. */
  public Writer resume(String id) {
    return writer(id);
  }

  /**
   * Lets an ended job go: it is no longer recovered, and once that is written its events and
   * snapshots are deleted (not before: a crash between would list it again, with nothing in it). A
   * service forgets its jobs a minute after they end, hundreds a second at most: what it forgets must
   * leave the database too, or the journal grows by every job ever run.
   */
  public void forget(String id) {
    registry.forget(id);
    JobOutbox outbox = outboxes.remove(id);
    if (outbox != null) {
      outbox.passivate();
    }
  }

  /** The job's state as its entity holds it now (tests: to see what has been written). */
  JournaledJob peek(String id) {
    return await(ask(outboxes.get(id).entity(), JobEntity.Get::new).toCompletableFuture(), "job " + id);
  }

  private Writer writer(String id) {
    JobOutbox outbox = outboxes.get(id);
    return new Writer() {
      @Override
      public void results(List<AcceptedResult> results) {
        outbox.results(results);
      }

      /**
       * A job whose entity has not begun to write (most small jobs: its first results wait out
       * results-every) ends in the registry's next write, shared with every job ending meanwhile;
       * its entity stops without ever writing, so the job has no rows of its own to erase later.
       */
      @Override
      public CompletionStage<Void> end(String viewJson) {
        if (!outbox.endInRegistry()) {
          return outbox.end(viewJson);
        }
        outboxes.remove(id, outbox);
        outbox.passivate();
        return registry.end(id, viewJson);
      }
    };
  }

  /**
   * The outbox of job {@code id}, its entity started on first use.
   *
   * @param registered a job just registered, with nothing to recover: its registration's write; else null
   */
  private JobOutbox outbox(String id, CompletableFuture<Void> registered) {
    boolean fresh = registered != null;
    JobOutbox outbox = new JobOutbox(registered, self -> system.systemActorOf(JobEntity.create(id, self,
        settings.snapshotEvery(), settings.resultsEvery(), Ticker.system(), unreadable::report,
        end -> eraser.compact(JobEntity.persistenceId(id).id(), end), fresh), "job-" + id, Props.empty()));
    outboxes.put(id, outbox);
    return outbox;
  }

  private JobRegistry registry() {
    return await(ask(registry.entity(), RegistryEntity.Get::new).toCompletableFuture(), "its list of jobs");
  }

  private <T, C> CompletionStage<T> ask(ActorRef<C> target, Function<ActorRef<T>, C> message) {
    return AskPattern.ask(target, message::apply, settings.recoveryTimeout(), system.scheduler());
  }

  private <T> T await(CompletableFuture<T> reply, String what) {
    return await(reply, what, settings.recoveryTimeout(), "scatter.journal.recovery-timeout");
  }

  @SuppressWarnings("unchecked")
  private <T> T await(CompletableFuture<T> reply, String what, Duration timeout, String key) {
    try {
      return (T) CompletableFuture.anyOf(reply, unreadable.refused).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("journal " + describe() + " did not answer for " + what + " within "
          + timeout.toMillis() + " ms (" + key + ")");
    } catch (ExecutionException e) {
      throw new IllegalStateException("journal " + describe() + " cannot be read (" + what + "): "
          + JournalDatabase.firstLine(rootCause(e.getCause())) + "; nothing in it was changed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for journal " + describe());
    }
  }

  /**
   * Where entities report that their events could not be read back. Until the journal's jobs are
   * recovered that refuses the journal: a start must not trust what it cannot read. After, it is the
   * database away for a while (an entity whose write failed restarts, with backoff, and reads back
   * again): logged, the entity retries, and a submission meanwhile waits out its write timeout. Failing
   * for good there had left every later submission refused until the coordinator restarted.
   */
  static final class ReadFailures {
    final CompletableFuture<Object> refused = new CompletableFuture<>();
    private final String journal;
    volatile boolean recovered;

    ReadFailures(String journal) {
      this.journal = journal;
    }

    void report(Throwable failure) {
      if (!recovered) {
        refused.completeExceptionally(failure);
      } else {
        LOG.warn("journal {} could not be read back after a failed write ({}); retrying", journal,
            JournalDatabase.firstLine(rootCause(failure)));
      }
    }
  }

  /** Pekko wraps a recovery's failure in its own exceptions; the innermost says what was wrong. */
  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Writes what the jobs handed over and is not written yet (up to a few seconds), then stops. */
  @Override
  public void close() {
    CompletableFuture<?>[] pending = java.util.stream.Stream.concat(
        outboxes.values().stream().map(JobOutbox::sync), java.util.stream.Stream.of(registry.sync()))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(pending).get(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // What is not written is computed again by the next start: slower, never wrong.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (database.discarded()) {
      // Deleted once this JVM has stopped: no compaction, and no wait for the journal system's end,
      // which only releases what the database held (40-140 ms of every `cluster down`).
      eraser.close(); // its deletes first: the database is closed under it next
      database.closeWithoutCompaction();
      system.terminate();
      return;
    }
    try {
      ActorSystems.terminateAndWait(system, CLOSE_WAIT);
    } finally {
      eraser.close();
    }
  }

  /**
   * Says that the embedded journal in {@code folder} is deleted once its coordinator has stopped, so
   * that coordinator closes it without compacting it first. Does nothing when there is no such folder.
   */
  public static void discardAfterClose(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      Files.write(folder.resolve(JournalDatabase.DISCARDED), new byte[0]);
    }
  }
}

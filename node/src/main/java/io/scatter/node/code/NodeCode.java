package io.scatter.node.code;

import io.scatter.protocol.JarCommand;
import io.scatter.protocol.TaskRef;
import io.scatter.task.BoundTask;
import io.scatter.task.TaskRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Uploaded code on a node: the jars it fetched ({@link JarCache}) and their tasks, each set in its
 * own loader ({@link JarSets}). One per actor system, shared by its workers.
 */
public final class NodeCode implements Extension {

  private static final Id ID = new Id();

  private final ActorSystem<?> system;
  private final CodeSettings settings;
  private final JarCache cache;
  private final JarSets sets;
  /** Where fetches and loads run: they wait on the coordinator and the disk, never on a worker's thread. */
  private final ExecutionContextExecutor blocking;
  /** By digest, the fetches under way. */
  private final Map<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong fetchesStarted = new AtomicLong();

  private NodeCode(ActorSystem<?> system, CodeSettings settings) {
    this.system = system;
    this.settings = settings;
    this.cache = new JarCache(settings.cache());
    this.sets = JarSets.over(cache::file, settings);
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    // Sets are dropped on use too; this closes those of a node that runs no uploaded code any more.
    Duration sweep = settings.jarSetIdle();
    system.scheduler().scheduleWithFixedDelay(sweep, sweep, sets::sweep, blocking);
  }

  public static NodeCode get(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  /**
   * The task {@code ref} names, from its jars: each fetched from {@code server} unless the node has
   * it, checked against its digest, and loaded in the set's own loader. Nothing of it runs on the
   * caller's thread: fetching and loading run on Pekko's blocking-I/O dispatcher, so a worker offered
   * the job goes on serving its other jobs (and hears a cancel) meanwhile. The workers of a node that
   * want the same jar at once share one fetch of it. The set is held for the caller until it
   * {@linkplain #release releases} it (when the job ends), so it is not dropped while the job runs.
   *
   * @return completed with the bound task, or failed with an {@link IllegalArgumentException} of one
   *     line naming the jar and why it cannot be used
   */
  public CompletionStage<BoundTask> bind(TaskRef ref, ActorRef<JarCommand> server) {
    CompletableFuture<?>[] fetches = ref.jars().stream().map(digest -> fetch(digest, server))
        .toArray(CompletableFuture<?>[]::new);
    return CompletableFuture.allOf(fetches).thenApplyAsync(
        fetched -> bindHeld(ref), blocking);
  }

  private BoundTask bindHeld(TaskRef ref) {
    TaskRegistry tasks = sets.acquire(ref.jars());
    try {
      return tasks.bind(new TaskRef(ref.name(), ref.params()));
    } catch (RuntimeException e) {
      sets.release(ref.jars()); // nobody will hold a task that does not bind
      throw e;
    }
  }

  /** A job served from {@code jars} ended here: when no job holds their set for the idle time, it is dropped and closed. */
  public void release(List<String> jars) {
    sets.release(jars);
  }

  /** Whether this node keeps the set of {@code jars} loaded now: for tests, which watch an idle one go. */
  public boolean hasLoaded(List<String> jars) {
    return sets.loader(jars).isPresent();
  }

  /** The jar's fetch: none when the node has it, the one under way when another worker started it. */
  private CompletableFuture<Path> fetch(String digest, ActorRef<JarCommand> server) {
    if (cache.has(digest)) {
      return CompletableFuture.completedFuture(cache.file(digest));
    }
    CompletableFuture<Path> started = new CompletableFuture<>();
    CompletableFuture<Path> fetching = inFlight.putIfAbsent(digest, started);
    if (fetching != null) {
      return fetching;
    }
    fetchesStarted.incrementAndGet();
    blocking.execute(() -> {
      try {
        started.complete(cache.fetch(digest, (jar, offset) -> ask(server, jar, offset)));
      } catch (RuntimeException | Error e) {
        started.completeExceptionally(e);
      } finally {
        inFlight.remove(digest, started); // a failed fetch is tried afresh by the next job that wants the jar
      }
    });
    return started;
  }

  /** How many fetches this node began: for tests, which check that workers share one. */
  public long fetchesStarted() {
    return fetchesStarted.get();
  }

  private JarCommand.JarChunk ask(ActorRef<JarCommand> server, String digest, long offset) {
    Duration wait = settings.fetchWait();
    try {
      return AskPattern.<JarCommand, JarCommand.JarChunk>ask(server,
              replyTo -> new JarCommand.Fetch(digest, offset, replyTo), wait, system.scheduler())
          .toCompletableFuture().get(wait.toMillis() + wait.toMillis() / 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while fetching jar " + digest);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalArgumentException("the job's coordinator did not answer within " + wait.toMillis()
          + " ms (scatter.jobs.fetch-wait)");
    }
  }

  private static final class Id extends AbstractExtensionId<NodeCode> {
    @Override
    public NodeCode createExtension(ExtendedActorSystem system) {
      return new NodeCode(Adapter.toTyped(system), CodeSettings.from(system.settings().config()));
    }
  }
}

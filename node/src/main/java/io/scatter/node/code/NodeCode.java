package io.scatter.node.code;

import io.scatter.protocol.JarCommand;
import io.scatter.protocol.TaskRef;
import io.scatter.task.BoundTask;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

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

  private NodeCode(ActorSystem<?> system, CodeSettings settings) {
    this.system = system;
    this.settings = settings;
    this.cache = new JarCache(settings.cache());
    this.sets = JarSets.over(cache::file, settings);
  }

  public static NodeCode get(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  /**
   * The task {@code ref} names, from its jars: each fetched from {@code server} unless the node has
   * it, checked against its digest, and loaded in the set's own loader. Blocks the calling worker
   * while a jar is fetched (at most {@code fetch-wait} per chunk); a node's other workers go on.
   *
   * @throws IllegalArgumentException one line naming the jar and why it cannot be used
   */
  public BoundTask bind(TaskRef ref, ActorRef<JarCommand> server) {
    for (String digest : ref.jars()) {
      cache.fetch(digest, (jar, offset) -> ask(server, jar, offset));
    }
    return sets.tasksOf(ref.jars()).bind(new TaskRef(ref.name(), ref.params()));
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

package io.scatter.coordinator;

import io.scatter.node.code.CodeSettings;
import io.scatter.protocol.JarCommand;
import io.scatter.time.Ticker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;

/**
 * Serves one job's uploaded jars to the nodes that fetch them ({@link JarCommand.Fetch}), a chunk
 * per request, over the cluster's transport. It knows only the job's own jars: a node cannot ask
 * a job's coordinator for another job's code. A chunk is read from disk per request, so a jar is
 * never held in memory whole; a node fetches it once, so this is no hot path.
 *
 * <p>While the job runs it marks its jars used ({@link io.scatter.code.JarStore}) when it starts and
 * {@link #MARKS_PER_IDLE} times per {@code scatter.jobs.jar-store-idle}, so the store never deletes a
 * running job's jars as unused, however long the job runs.
 */
final class JarServer {

  static final int MARKS_PER_IDLE = 4;

  /** Mark the job's jars used now. */
  private enum MarkUsed implements JarCommand { INSTANCE }

  private JarServer() {
  }

  /**
   * @param jars       digest to file, each checked against its digest when the job's task was loaded
   * @param chunkBytes the most bytes a chunk carries (one cluster message)
   */
  static Behavior<JarCommand> create(Map<String, Path> jars, int chunkBytes) {
    Map<String, Path> served = Map.copyOf(jars);
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Duration idle = CodeSettings.from(context.getSystem().settings().config()).jarStoreIdle();
      markUsed(served, context.getLog());
      timers.startTimerWithFixedDelay(MarkUsed.INSTANCE, idle.dividedBy(MARKS_PER_IDLE));
      return Behaviors.receive(JarCommand.class)
          .onMessage(JarCommand.Fetch.class, fetch -> {
            fetch.replyTo().tell(chunk(served.get(fetch.digest()), fetch, chunkBytes));
            return Behaviors.same();
          })
          .onMessageEquals(MarkUsed.INSTANCE, () -> {
            markUsed(served, context.getLog());
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void markUsed(Map<String, Path> jars, Logger log) {
    FileTime now = FileTime.from(Ticker.system().instant());
    for (Path file : jars.values()) {
      try {
        Files.setLastModifiedTime(file, now);
      } catch (IOException e) {
        // A fetch of it will say so, naming the jar; the job itself runs on.
        log.warn("cannot mark {} used: {}", file, e.toString());
      }
    }
  }

  private static JarCommand.JarChunk chunk(Path file, JarCommand.Fetch fetch, int chunkBytes) {
    if (file == null) {
      return JarCommand.JarChunk.refused(fetch.digest(), "this job's coordinator has no jar " + fetch.digest());
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (fetch.offset() > size) {
        return JarCommand.JarChunk.refused(fetch.digest(), "offset " + fetch.offset() + " is past the jar's "
            + size + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkBytes, size - fetch.offset()));
      long at = fetch.offset();
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, at);
        if (read < 0) {
          break;
        }
        at += read;
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return new JarCommand.JarChunk(fetch.digest(), fetch.offset(), size, bytes, "");
    } catch (NoSuchFileException e) {
      // Its set is still loaded in the coordinator, so the job was taken; the file went since.
      return JarCommand.JarChunk.refused(fetch.digest(), "the coordinator's jar store no longer has it (" + file
          + " is gone): upload the jar again and resubmit");
    } catch (IOException e) {
      return JarCommand.JarChunk.refused(fetch.digest(), "the coordinator cannot read " + file + ": " + e);
    }
  }
}

package io.scatter.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a node fetches a job's uploaded jars from the coordinator that runs the job: over the
 * cluster's own transport (and so its TLS), in chunks that each fit one Artery frame. The
 * coordinator serves only the jars of the job it runs, and only to the end of that job.
 */
public interface JarCommand {

  /** Asks for the bytes of jar {@code digest} from {@code offset} on; answered by one {@link JarChunk}. */
  record Fetch(String digest, long offset, ActorRef<JarChunk> replyTo) implements JarCommand, ScatterMessage {

    public Fetch {
      TaskRef.requireDigest(digest);
      if (offset < 0) {
        throw new IllegalArgumentException("an offset is never negative, got " + offset);
      }
    }
  }

  /**
   * Part of a jar: {@code bytes} from {@code offset} of a jar {@code size} bytes long; or, when
   * {@code error} is not empty, why the coordinator cannot serve it (and no bytes).
   */
  record JarChunk(String digest, long offset, long size, byte[] bytes, String error) implements ScatterMessage {

    public JarChunk {
      if (bytes == null || error == null) {
        throw new IllegalArgumentException("a chunk has bytes and an error, each possibly empty, never null");
      }
    }

    public static JarChunk refused(String digest, String why) {
      return new JarChunk(digest, 0, 0, new byte[0], why);
    }

    public boolean failed() {
      return !error.isEmpty();
    }
  }
}

package io.scatter.protocol.wire;

import io.scatter.protocol.JobMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * What one actor system's {@link KryoSerializer} wrote and read, per job: a job's coordinator
 * {@link #open}s its meter when it starts and {@link #close}s it when it ends, and the figure it
 * gets back is that job's alone however many jobs ran at once. Each message is charged to the job
 * it names ({@link JobMessage}); every message belongs to one job or to none, so
 * {@link #total()} is the sum of the closed jobs' figures, the open ones' and {@link #unattributed()}.
 *
 * <p>No job's are fault-injection commands, a job's messages written or read after its meter was
 * closed (its {@code JobEnded} notices, results still in flight when it ended), and every message
 * of a JVM that runs no coordinator (a node's meters only ever count unattributed traffic).
 *
 * <p>The cost on the hot path is a map lookup by the message's job id and a few counter adds; the
 * bytes are those the serializer produced anyway, nothing is encoded twice.
 */
public final class WireMeters implements Extension {

  private static final Id ID = new Id();

  private final Map<String, JobMeter> jobs = new ConcurrentHashMap<>();
  private final SystemMeter unattributed = new SystemMeter();
  private final SystemMeter total = new SystemMeter();

  WireMeters() {
  }

  public static WireMeters get(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  static WireMeters get(org.apache.pekko.actor.ActorSystem system) {
    return ID.get(system);
  }

  /** Starts charging {@code jobId}'s messages to it; a job already open keeps its figure so far. */
  public void open(String jobId) {
    jobs.putIfAbsent(jobId, new JobMeter());
  }

  /**
   * Stops charging {@code jobId}'s messages to it and returns what they came to; later ones count
   * as {@link #unattributed()}. Exact under concurrent serialization: each message is counted here
   * or there, never both, never neither. {@link WireTally#ZERO} for a job not open.
   */
  public WireTally close(String jobId) {
    JobMeter meter = jobs.remove(jobId);
    return meter == null ? WireTally.ZERO : meter.close();
  }

  /** What {@code jobId}'s messages have come to so far; {@link WireTally#ZERO} for a job not open. */
  public WireTally of(String jobId) {
    JobMeter meter = jobs.get(jobId);
    return meter == null ? WireTally.ZERO : meter.read();
  }

  /** Messages of no open job (see the class comment), since the system started. */
  public WireTally unattributed() {
    return unattributed.read();
  }

  /** Every message this system's serializer wrote or read, since it started. */
  public WireTally total() {
    return total.read();
  }

  /** Counted into the total first, then the job's meter, so that a reader never sees a part above the whole. */
  void sent(Object message, int bytes) {
    total.sent(bytes);
    JobMeter job = jobOf(message);
    if (job == null) {
      unattributed.sent(bytes);
    } else {
      if (!job.messagesSent.add(1)) {
        unattributed.messagesSent.increment();
      }
      if (!job.bytesSent.add(bytes)) {
        unattributed.bytesSent.add(bytes);
      }
    }
  }

  void received(Object message, int bytes) {
    total.received(bytes);
    JobMeter job = jobOf(message);
    if (job == null) {
      unattributed.received(bytes);
    } else {
      if (!job.messagesReceived.add(1)) {
        unattributed.messagesReceived.increment();
      }
      if (!job.bytesReceived.add(bytes)) {
        unattributed.bytesReceived.add(bytes);
      }
    }
  }

  private JobMeter jobOf(Object message) {
    return message instanceof JobMessage belongs ? jobs.get(belongs.jobId()) : null;
  }

  /** Counters that are only ever added to; read at any time. */
  private static final class SystemMeter {
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();

    void sent(int bytes) {
      messagesSent.increment();
      bytesSent.add(bytes);
    }

    void received(int bytes) {
      messagesReceived.increment();
      bytesReceived.add(bytes);
    }

    /** A reading of counters in motion: exact once traffic stops. */
    WireTally read() {
      return new WireTally(messagesSent.sum(), bytesSent.sum(), messagesReceived.sum(), bytesReceived.sum());
    }
  }

  /** One job's counters, which refuse adds once closed so the figure closed over is final. */
  private static final class JobMeter {
    final ClosingCounter messagesSent = new ClosingCounter();
    final ClosingCounter bytesSent = new ClosingCounter();
    final ClosingCounter messagesReceived = new ClosingCounter();
    final ClosingCounter bytesReceived = new ClosingCounter();

    WireTally read() {
      return new WireTally(messagesSent.get(), bytesSent.get(), messagesReceived.get(), bytesReceived.get());
    }

    WireTally close() {
      return new WireTally(messagesSent.close(), bytesSent.close(), messagesReceived.close(), bytesReceived.close());
    }
  }

  /**
   * A count that can be closed: an add either lands before the close, and is in the value it
   * returns, or is refused, and the caller counts it elsewhere. One compare-and-set per add; the
   * threads that contend are the few that serialize one job's traffic.
   */
  static final class ClosingCounter {
    private static final long CLOSED = -1;
    private final AtomicLong value = new AtomicLong();

    /** @return false if closed, and nothing was added */
    boolean add(long delta) {
      while (true) {
        long current = value.get();
        if (current == CLOSED) {
          return false;
        }
        if (value.compareAndSet(current, current + delta)) {
          return true;
        }
      }
    }

    /** The value so far, 0 once closed. */
    long get() {
      return Math.max(0, value.get());
    }

    /** Closes the counter and returns its final value; 0 if it was closed already. */
    long close() {
      return Math.max(0, value.getAndSet(CLOSED));
    }
  }

  private static final class Id extends AbstractExtensionId<WireMeters> {
    @Override
    public WireMeters createExtension(ExtendedActorSystem system) {
      return new WireMeters();
    }
  }
}

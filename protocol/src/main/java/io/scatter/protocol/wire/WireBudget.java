package io.scatter.protocol.wire;

import com.typesafe.config.Config;
import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.Partition;
import io.scatter.protocol.PartitionOutcome;
import io.scatter.protocol.ScatterMessage;
import io.scatter.protocol.WorkerCommand;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;

/**
 * How much one cluster message may carry, asked by the actors that send: Artery drops a message
 * larger than {@code maximum-frame-size} with a log line and tells the sender nothing, so a message
 * that does not fit is a job that waits forever. Senders measure what they send to a remote actor
 * and split it, replace it, or fail the job naming the limit; the serializer only encodes.
 *
 * <p>Only messages to another JVM are measured ({@link #crossesWire}): actors in one JVM pass
 * references, with no serialization and no limit, so in-process modes pay nothing for this.
 */
public final class WireBudget implements Extension {

  private static final Id ID = new Id();

  /** The setting that bounds one message; named in every error about size. */
  public static final String MAX_FRAME_PATH = "pekko.remote.artery.advanced.maximum-frame-size";

  /** Room left in a frame for Artery's envelope: header, sender and recipient paths, manifest. */
  public static final int ENVELOPE_RESERVE_BYTES = 8 * 1024;

  /**
   * Added to the measured size of an emptied message when parts are packed into it: a list's length
   * grows from one byte to at most five as it fills (Kryo's variable-length int).
   */
  private static final int LIST_LENGTH_SLACK = 5;

  private final long frameBytes;
  private final int maxPayloadBytes;
  private final ToIntFunction<Object> sizeOf;

  /**
   * @param frameBytes {@code pekko.remote.artery.advanced.maximum-frame-size}
   * @param sizeOf     the encoded size of a message, or of a registered part of one
   */
  WireBudget(long frameBytes, ToIntFunction<Object> sizeOf) {
    this.frameBytes = frameBytes;
    this.maxPayloadBytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, payloadBytes(frameBytes)));
    this.sizeOf = sizeOf;
  }

  /**
   * The budget of {@code system}: its frame size, and its scatter serializer to measure with. Made
   * once per actor system: a job's coordinator asks for it as it starts, and reading the frame size
   * from the configuration each time was a visible part of a tiny job's cost.
   *
   * @throws IllegalStateException when scatter's messages are not bound to {@link KryoSerializer}
   */
  public static WireBudget of(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  private static WireBudget measure(org.apache.pekko.actor.ActorSystem system) {
    Serializer serializer;
    try {
      serializer = SerializationExtension.get(system).serializerFor(ScatterMessage.class);
    } catch (NotSerializableException e) {
      throw new IllegalStateException("scatter's messages have no serializer (conf/serialization.conf)", e);
    }
    if (!(serializer instanceof KryoSerializer kryo)) {
      throw new IllegalStateException("scatter's messages are serialized by " + serializer.getClass().getName()
          + ", not " + KryoSerializer.class.getName() + " (conf/serialization.conf)");
    }
    return new WireBudget(system.settings().config().getBytes(MAX_FRAME_PATH), kryo::sizeOf);
  }

  private static final class Id extends AbstractExtensionId<WireBudget> {
    @Override
    public WireBudget createExtension(ExtendedActorSystem system) {
      return measure(system);
    }
  }

  /** Whether a message to {@code ref} is serialized and framed: the actor lives in another JVM. */
  public static boolean crossesWire(ActorRef<?> ref) {
    return ref.path().address().hasGlobalScope();
  }

  /** The most a message of a JVM with configuration {@code config} may carry, its envelope aside. */
  public static long payloadBytes(Config config) {
    return payloadBytes(config.getBytes(MAX_FRAME_PATH));
  }

  private static long payloadBytes(long frameBytes) {
    return frameBytes - ENVELOPE_RESERVE_BYTES;
  }

  /** "1,040,384 bytes (pekko.remote.artery.advanced.maximum-frame-size = 1,048,576, less 8,192 for the envelope)" */
  public String describeLimit() {
    return String.format(Locale.ROOT, "%,d bytes (%s = %,d, less %,d for the envelope)", maxPayloadBytes,
        MAX_FRAME_PATH, frameBytes, ENVELOPE_RESERVE_BYTES);
  }

  /** The encoded size of {@code message}; encodes it once, and counts nothing as sent. */
  public int sizeOf(ScatterMessage message) {
    return sizeOf.applyAsInt(message);
  }

  public boolean fits(int bytes) {
    return bytes <= maxPayloadBytes;
  }

  /**
   * {@code pull} as messages that each fit one frame: the outcomes spread over as many Pulls as
   * they need, in order, the request for more work ({@code want}) on the last so it is answered
   * after every result is in. An outcome too large to travel even alone becomes a failure of its
   * partition naming its size and the limit: the coordinator retries it and, if it is too large on
   * every attempt, fails the job saying so, instead of waiting for a result that never comes.
   */
  public List<CoordinatorCommand.Pull> fit(CoordinatorCommand.Pull pull) {
    if (fits(sizeOf(pull))) {
      return List.of(pull);
    }
    int base = sizeOf(new CoordinatorCommand.Pull(pull.worker(), pull.jobId(), List.of(), pull.want()))
        + LIST_LENGTH_SLACK;
    List<PartitionOutcome> outcomes = new ArrayList<>(pull.outcomes().size());
    int[] sizes = new int[pull.outcomes().size()];
    for (int i = 0; i < sizes.length; i++) {
      PartitionOutcome outcome = pull.outcomes().get(i);
      sizes[i] = sizeOf.applyAsInt(outcome);
      if (!fits(base + sizes[i])) {
        outcome = tooLarge(outcome, sizes[i]);
        sizes[i] = sizeOf.applyAsInt(outcome);
      }
      outcomes.add(outcome);
    }
    List<List<PartitionOutcome>> groups = pack(base, outcomes, sizes);
    List<CoordinatorCommand.Pull> pulls = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      int want = i == groups.size() - 1 ? pull.want() : 0;
      pulls.add(new CoordinatorCommand.Pull(pull.worker(), pull.jobId(), groups.get(i), want));
    }
    return pulls;
  }

  /**
   * {@code assign} as Assigns that each fit one frame, partitions in order. A partition is a job
   * id, three numbers and a range, far below the smallest frame Artery accepts (32 KiB), so one
   * always fits on its own.
   */
  public List<WorkerCommand.Assign> fit(WorkerCommand.Assign assign) {
    if (fits(sizeOf(assign))) {
      return List.of(assign);
    }
    int base = sizeOf(new WorkerCommand.Assign(assign.jobId(), List.of())) + LIST_LENGTH_SLACK;
    List<WorkerCommand.Assign> assigns = new ArrayList<>();
    int[] sizes = assign.partitions().stream().mapToInt(sizeOf).toArray();
    for (List<Partition> group : pack(base, assign.partitions(), sizes)) {
      assigns.add(new WorkerCommand.Assign(assign.jobId(), group));
    }
    return assigns;
  }

  /**
   * Consecutive groups of {@code parts} ({@code sizes[i]} bytes each), each as many as fit beside
   * {@code baseBytes}; never an empty group.
   */
  private <T> List<List<T>> pack(int baseBytes, List<T> parts, int[] sizes) {
    List<List<T>> groups = new ArrayList<>();
    List<T> group = new ArrayList<>();
    long bytes = baseBytes;
    for (int i = 0; i < sizes.length; i++) {
      T part = parts.get(i);
      int size = sizes[i];
      if (!group.isEmpty() && bytes + size > maxPayloadBytes) {
        groups.add(group);
        group = new ArrayList<>();
        bytes = baseBytes;
      }
      group.add(part);
      bytes += size;
    }
    groups.add(group);
    return groups;
  }

  private PartitionOutcome.Failed tooLarge(PartitionOutcome outcome, int bytes) {
    String what = outcome instanceof PartitionOutcome.Completed ? "its result" : "its failure report";
    return new PartitionOutcome.Failed(outcome.index(), outcome.attempt(), String.format(Locale.ROOT,
        "%s is %,d bytes, more than one cluster message carries: %s; use smaller partitions", what, bytes,
        describeLimit()));
  }
}

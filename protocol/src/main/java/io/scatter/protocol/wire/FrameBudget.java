package io.scatter.protocol.wire;

import io.scatter.protocol.CoordinatorCommand;
import io.scatter.protocol.PartitionOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Keeps a worker's results inside one Artery frame. Artery drops a message larger than
 * {@code maximum-frame-size} with a log line and tells the sender nothing, so a partition whose
 * result is too big was lost on every attempt and re-run at every lease expiry, forever. Here a
 * Pull that would not fit is sent again with its largest results replaced by failures saying so:
 * the coordinator retries those partitions and, if the result is too big on every attempt, fails
 * the job naming the partition and the limit.
 */
final class FrameBudget {

  /** Room left in a frame for Artery's envelope: header, sender and recipient paths, manifest. */
  static final int ENVELOPE_RESERVE_BYTES = 8 * 1024;

  private final int maxPayloadBytes;
  private final long frameBytes;

  /** @param frameBytes {@code pekko.remote.artery.advanced.maximum-frame-size} */
  FrameBudget(long frameBytes) {
    this.frameBytes = frameBytes;
    this.maxPayloadBytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, frameBytes - ENVELOPE_RESERVE_BYTES));
  }

  /**
   * The bytes to send for {@code message}: {@code encoded} when they fit or the message is not a
   * Pull, else the Pull re-encoded with its largest results (as few as it takes) turned into failures.
   */
  byte[] fit(Object message, byte[] encoded, Function<Object, byte[]> encode) {
    if (encoded.length <= maxPayloadBytes || !(message instanceof CoordinatorCommand.Pull pull)) {
      return encoded;
    }
    List<PartitionOutcome> outcomes = new ArrayList<>(pull.outcomes());
    int[] sizes = outcomes.stream().mapToInt(outcome -> encode.apply(outcome).length).toArray();
    long total = encoded.length;
    List<Integer> largestFirst = IntStream.range(0, outcomes.size()).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> sizes[i]).reversed()).toList();
    for (int i : largestFirst) {
      if (total <= maxPayloadBytes || !(outcomes.get(i) instanceof PartitionOutcome.Completed completed)) {
        break;
      }
      PartitionOutcome.Failed failed = tooLarge(completed, sizes[i]);
      outcomes.set(i, failed);
      total += encode.apply(failed).length - sizes[i];
    }
    return encode.apply(new CoordinatorCommand.Pull(pull.worker(), pull.jobId(), outcomes, pull.want()));
  }

  private PartitionOutcome.Failed tooLarge(PartitionOutcome.Completed completed, int bytes) {
    String why = bytes > maxPayloadBytes
        ? String.format(Locale.ROOT, "its result is %,d bytes, more than one cluster message carries (%,d bytes, "
            + "pekko.remote.artery.advanced.maximum-frame-size); use smaller partitions", bytes, frameBytes)
        : String.format(Locale.ROOT, "its result (%,d bytes) did not fit the message it was sent in with other "
            + "results (%,d bytes at most); sent again", bytes, frameBytes);
    return new PartitionOutcome.Failed(completed.index(), completed.attempt(), why);
  }
}

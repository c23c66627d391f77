package io.scatter.coordinator;

import io.scatter.task.BoundTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of partitions that leaving workers ran before they handed back the rest, kept so that
 * nothing computed is computed again. A partition split this way at {@code upTo} runs on as
 * {@code [upTo, to)} under attempt numbers from the split's on; the result of such an attempt is
 * the kept part combined with it. An older attempt still out covers what it always covered, so the
 * attempt number alone says which part a result needs: the ledger never reuses one
 * ({@link PartitionLedger#returnedBegun}). A partition can be split again, each split remembering
 * everything before it. Pure, and empty unless workers leave mid-partition.
 */
final class KeptParts {

  /** Attempts from {@code fromAttempt} on cover the partition past what {@code prefix} is the result of. */
  private record Split(int fromAttempt, Object prefix) { }

  private final BoundTask task;
  /** Per split partition, its splits in the order they happened (so by attempt). */
  private final Map<Long, List<Split>> splits = new HashMap<>();

  KeptParts(BoundTask task) {
    this.task = task;
  }

  /**
   * Attempt {@code ranAttempt} of partition {@code index} produced {@code ranValue} for the part it
   * ran; the rest runs as attempt {@code restAttempt} and later ones.
   */
  void keep(long index, int ranAttempt, Object ranValue, int restAttempt) {
    Split before = splitOf(index, ranAttempt);
    Object prefix = before == null ? ranValue : task.combine(before.prefix(), ranValue);
    splits.computeIfAbsent(index, i -> new ArrayList<>(1)).add(new Split(restAttempt, prefix));
  }

  /** The partition's result, given {@code value}, the result of attempt {@code attempt}. */
  Object whole(long index, int attempt, Object value) {
    Split split = splitOf(index, attempt);
    return split == null ? value : task.combine(split.prefix(), value);
  }

  /** The partition has its result: its parts are no longer needed. */
  void forget(long index) {
    if (!splits.isEmpty()) { // nearly always: every result passes here, and a lookup boxes its index
      splits.remove(index);
    }
  }

  /** The split {@code attempt} ran after, or null if it covered the whole partition. */
  private Split splitOf(long index, int attempt) {
    if (splits.isEmpty()) {
      return null;
    }
    List<Split> list = splits.get(index);
    if (list == null) {
      return null;
    }
    Split found = null;
    for (Split split : list) {
      if (split.fromAttempt() <= attempt) {
        found = split;
      }
    }
    return found;
  }
}

package io.scatter.coordinator;

import io.scatter.protocol.wire.WireMeters;
import io.scatter.protocol.wire.WireTally;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cluster coordinator's counts of what happened to it, kept by its {@link ClusterRunner} over
 * every incarnation (a coordinator the cluster removed rejoins with a new actor system) and added
 * to by the {@link ClusterDriver} of each, where the events arrive. Read from any thread.
 */
final class ClusterCounts {

  private final LongAdder lifelineCloses = new LongAdder();
  private final LongAdder unreachable = new LongAdder();
  /** One per incarnation, in order; each stops counting when its actor system ends. A handful at most. */
  private final List<WireMeters> incarnations = new CopyOnWriteArrayList<>();

  void lifelineClosed() {
    lifelineCloses.increment();
  }

  void becameUnreachable() {
    unreachable.increment();
  }

  /** A new incarnation joined: its serializer's traffic counts from now on, beside its predecessors'. */
  void incarnation(WireMeters meters) {
    incarnations.add(meters);
  }

  BackendCounts read() {
    WireTally wire = WireTally.ZERO;
    for (WireMeters meters : incarnations) {
      wire = wire.plus(meters.total());
    }
    return new BackendCounts(lifelineCloses.sum(), unreachable.sum(), wire);
  }
}

package io.scatter.journal;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

/**
 * What a snapshot made useless, deleted for an entity that took it outside the retention's every-n
 * snapshots: typed persistence deletes only after those, so the entity asks the journal (and the
 * snapshot store) itself, as the behaviour does. The answers come back to the entity as its
 * {@code DeleteEventsCompleted} / {@code DeleteSnapshotsCompleted} signals.
 */
final class Compaction {

  private Compaction() {
  }

  /** Deletes {@code persistenceId}'s events up to {@code toSequenceNr}. */
  static void deleteEvents(ActorContext<?> entity, String persistenceId, long toSequenceNr) {
    var classicSelf = Adapter.toClassic(entity.getSelf());
    persistence(entity).journalFor("", ConfigFactory.empty())
        .tell(new JournalProtocol.DeleteMessagesTo(persistenceId, toSequenceNr, classicSelf), classicSelf);
  }

  /** Deletes {@code persistenceId}'s snapshots older than the one at {@code snapshotSeq}. */
  static void deleteSnapshotsBefore(ActorContext<?> entity, String persistenceId, long snapshotSeq) {
    var classicSelf = Adapter.toClassic(entity.getSelf());
    persistence(entity).snapshotStoreFor("", ConfigFactory.empty()).tell(new SnapshotProtocol.DeleteSnapshots(
        persistenceId, SnapshotSelectionCriteria.create(snapshotSeq - 1, Long.MAX_VALUE)), classicSelf);
  }

  private static Persistence persistence(ActorContext<?> entity) {
    return Persistence.get(Adapter.toClassic(entity.getSystem()));
  }
}

package io.scatter.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes journal rows nothing will read again, on a thread of its own, many jobs per statement: the
 * rows of jobs the journal has forgotten, and an ended job's events before its end (its compaction).
 * <ul>
 *   <li>Forgotten jobs lose every row. The journal plugin's own delete keeps each job's last event (to
 *       guard a sequence number scatter never reuses, since job ids are never reused), so a service that
 *       forgets hundreds of jobs a second would keep a row for every job it ever ran.
 *   <li>An ended job keeps only its last event, its {@code JobEnded}: replayed alone it gives the state
 *       every event before it gives ({@link JournaledJob#updated} keeps only how a job ended), so neither
 *       its results nor a snapshot are needed. Through the plugin the same compaction was a snapshot and
 *       three queries that Slick compiles on every use: the journal threads' CPU per CPU job fell from
 *       104 to 90 ms with this (JournalBenchmark, results every 100 ms).
 * </ul>
 * A job's entity has written its last event before its id is handed here, so nothing writes under it again.
 */
final class JournalEraser implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JournalEraser.class);
  /** Ids deleted per statement at most: one round trip for a burst of forgotten jobs. */
  private static final int BATCH = 500;
  private static final long CLOSE_WAIT_MILLIS = 5_000;
  /**
   * Queued by {@link #close}: the thread sees that it is closing at once. It polled every 200 ms
   * before, and each coordinator's stop (every `cluster down`) waited 100 ms for that on average.
   */
  private static final JournalDatabase.Doomed WAKE_UP = new JournalDatabase.Doomed("", 0);

  private final JournalDatabase database;
  private final LinkedBlockingQueue<JournalDatabase.Doomed> doomed = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;
  private boolean failed;

  JournalEraser(JournalDatabase database) {
    this.database = database;
    this.thread = new Thread(this::run, "scatter-journal-eraser");
    thread.setDaemon(true);
    thread.start();
  }

  /** Deletes the events and snapshots of {@code persistenceId} soon. */
  void erase(String persistenceId) {
    doomed.add(new JournalDatabase.Doomed(persistenceId, Long.MAX_VALUE));
  }

  /** Deletes the snapshots of {@code persistenceId}, an ended job, and its events before {@code endSequenceNr} soon. */
  void compact(String persistenceId, long endSequenceNr) {
    doomed.add(new JournalDatabase.Doomed(persistenceId, endSequenceNr));
  }

  private void run() {
    List<JournalDatabase.Doomed> batch = new ArrayList<>(BATCH);
    while (!closing || !doomed.isEmpty()) {
      try {
        batch.add(doomed.take());
        doomed.drainTo(batch, BATCH - 1);
        batch.removeIf(entry -> entry == WAKE_UP);
        if (!batch.isEmpty()) {
          database.erase(batch);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!failed) { // once: a database away would otherwise log on every batch
          failed = true;
          LOG.warn("the journal could not delete the rows of forgotten or ended jobs (they cost only space): {}",
              JournalDatabase.firstLine(e));
        }
      }
      batch.clear();
    }
  }

  /** Deletes what is queued (a few seconds at most), then stops. */
  @Override
  public void close() {
    closing = true;
    doomed.add(WAKE_UP);
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

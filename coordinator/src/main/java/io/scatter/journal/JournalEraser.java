package io.scatter.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of the jobs a journal has forgotten, on a thread of its own, many jobs per
 * statement. The journal plugin's own delete keeps each job's last event (to guard a sequence number
 * scatter never reuses, since job ids are never reused), so a service that forgets hundreds of jobs a
 * second would keep a row for every job it ever ran; this deletes them all. A job's entity has stopped
 * before its id is handed here, so nothing writes under it again.
 */
final class JournalEraser implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JournalEraser.class);
  /** Ids deleted per statement at most: one round trip for a burst of forgotten jobs. */
  private static final int BATCH = 500;
  private static final long POLL_MILLIS = 200;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final JournalDatabase database;
  private final LinkedBlockingQueue<String> forgotten = new LinkedBlockingQueue<>();
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
    forgotten.add(persistenceId);
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    while (!closing || !forgotten.isEmpty()) {
      try {
        String first = forgotten.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        forgotten.drainTo(batch, BATCH - 1);
        database.erase(batch);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!failed) { // once: a database away would otherwise log on every batch
          failed = true;
          LOG.warn("the journal could not delete the rows of forgotten jobs (they cost only space): {}",
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
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

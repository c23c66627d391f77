package io.scatter.localcluster;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wakes {@code cluster up} when something is written to the state folder (a node's log line saying
 * it joined, its status file, the coordinator's line saying where it serves) instead of on a fixed
 * poll: on Linux the JDK's watch service is inotify, so the wait ends within a millisecond of the
 * write rather than up to a poll interval later. A process that dies writes nothing, so every wait
 * is also bounded by {@code recheck}, after which the caller looks again anyway; without a watch
 * service (a file system that has none) that bound is all there is.
 */
final class StateDirWatch implements AutoCloseable {

  private final Optional<WatchService> service;
  private final Duration recheck;

  private StateDirWatch(Optional<WatchService> service, Duration recheck) {
    this.service = service;
    this.recheck = recheck;
  }

  /** Watches {@code dir} (which exists) for files created and written in it. */
  static StateDirWatch on(Path dir, Duration recheck) {
    WatchService service = null;
    try {
      service = FileSystems.getDefault().newWatchService();
      dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return new StateDirWatch(Optional.of(service), recheck);
    } catch (IOException | UnsupportedOperationException e) {
      closeQuietly(service);
      return new StateDirWatch(Optional.empty(), recheck);
    }
  }

  /**
   * Returns once something was written in the folder since the last call, or after {@code recheck}.
   *
   * @throws IllegalStateException when interrupted, naming {@code what} was being waited for
   */
  void awaitChange(String what) {
    try {
      if (service.isEmpty()) {
        Thread.sleep(recheck.toMillis());
        return;
      }
      WatchKey key = service.get().poll(recheck.toNanos(), TimeUnit.NANOSECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } catch (ClosedWatchServiceException e) {
      // Closed under us: the caller is done waiting.
    }
  }

  @Override
  public void close() {
    service.ifPresent(StateDirWatch::closeQuietly);
  }

  private static void closeQuietly(WatchService service) {
    if (service == null) {
      return;
    }
    try {
      service.close();
    } catch (IOException e) {
      // Nothing is left to wait for.
    }
  }
}

package io.scatter.node.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for scatter's own helper executors (a local pool, the chaos injector, a timer): daemons,
 * so a pool nobody shut down never keeps the JVM alive after the command's answer, and named, so
 * a thread dump says whose they are.
 */
public final class DaemonThreads {

  private DaemonThreads() {
  }

  /** Daemon threads named {@code name-1}, {@code name-2}, ... */
  public static ThreadFactory named(String name) {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

package io.scatter.cli;

import io.scatter.coordinator.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar redrawn on stderr from its own daemon thread, so the thread that
 * aggregates results only stores two numbers. Drawn only when a terminal is attached.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_MILLIS = 200;

  private final PrintStream out;
  private final String label;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final Thread painter;
  private final long startNanos = System.nanoTime();

  private ProgressBar(PrintStream out, String label) {
    this.out = out;
    this.label = label;
    this.painter = new Thread(this::paintLoop, "scatter-progress");
    painter.setDaemon(true);
    painter.start();
  }

  /** A bar when stderr is probably a terminal (a console is attached), otherwise a listener that does nothing. */
  static ProgressListener open(String label, Boolean forced) {
    boolean show = forced != null ? forced : System.console() != null;
    return show ? new ProgressBar(System.err, label) : ProgressListener.NONE;
  }

  static void close(ProgressListener listener) {
    if (listener instanceof ProgressBar bar) {
      bar.close();
    }
  }

  @Override
  public void onProgress(long done, long total) {
    this.done.set(done);
    this.total.set(total);
  }

  private void paintLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        paint();
        Thread.sleep(REDRAW_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void paint() {
    long t = total.get();
    long d = done.get();
    double fraction = t == 0 ? 0 : (double) d / t;
    int filled = (int) Math.round(fraction * WIDTH);
    out.printf("\r%-10s [%s%s] %3.0f%% %,d/%,d partitions %.1fs ", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
        fraction * 100, d, t, (System.nanoTime() - startNanos) / 1e9);
    out.flush();
  }

  @Override
  public void close() {
    painter.interrupt();
    try {
      painter.join(REDRAW_MILLIS * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
    out.flush();
  }
}

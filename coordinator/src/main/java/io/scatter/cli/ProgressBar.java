package io.scatter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scatter.coordinator.ProgressListener;
import io.scatter.time.Ticker;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress shown on stderr from its own daemon thread, so the thread that aggregates results
 * only stores three numbers: a one-line bar redrawn in place for people, or one JSON line a
 * second (and a last one when the run ends) for scripts.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {

  /** How progress is drawn. */
  enum Style {
    /** "actors [######    ] 60% 38/64 partitions 1.2s", redrawn five times a second. */
    BAR(200),
    /** {@code {"mode":"actors","done":38,"total":64,"elapsedMs":1204,"retries":0,"last":false}}, once a second. */
    JSON(1_000);

    private final long intervalMillis;

    Style(long intervalMillis) {
      this.intervalMillis = intervalMillis;
    }
  }

  /** One JSON line; {@code last} is true on the line written when the run ends. */
  record Tick(String mode, long done, long total, long elapsedMs, long retries, boolean last) { }

  private static final int WIDTH = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Style style;
  private final PrintWriter out;
  private final String label;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Thread painter;
  private final Ticker ticker;
  private final long startNanos;

  private ProgressBar(Style style, PrintWriter out, String label, Ticker ticker) {
    this.style = style;
    this.out = out;
    this.label = label;
    this.ticker = ticker;
    this.startNanos = ticker.read();
    this.painter = new Thread(this::paintLoop, "scatter-progress");
    painter.setDaemon(true);
  }

  /** @param partitions the run's total, shown until the first progress report */
  static ProgressBar start(Style style, PrintWriter out, String label, long partitions) {
    ProgressBar bar = new ProgressBar(style, out, label, Ticker.system());
    bar.total.set(partitions);
    bar.painter.start();
    return bar;
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

  @Override
  public void onRetries(long retries) {
    this.retries.set(retries);
  }

  private void paintLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (style == Style.BAR) {
          paint();
        }
        Thread.sleep(style.intervalMillis);
        if (style == Style.JSON) {
          // The first line after a second: a run that ends sooner has only its last line.
          line(false);
        }
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
        fraction * 100, d, t, (ticker.read() - startNanos) / 1e9);
    out.flush();
  }

  private synchronized void line(boolean last) {
    Tick tick = new Tick(label, done.get(), total.get(), (ticker.read() - startNanos) / 1_000_000, retries.get(),
        last);
    try {
      out.println(JSON.writeValueAsString(tick));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a progress line: " + e.getMessage(), e);
    }
    out.flush();
  }

  @Override
  public void close() {
    painter.interrupt();
    try {
      painter.join(style.intervalMillis * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (style == Style.JSON) {
      line(true);
    } else {
      out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
      out.flush();
    }
  }
}

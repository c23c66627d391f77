package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.scatter.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Lets through at most {@link #LINES} lines every {@link #WINDOW} from each logger under the names
 * it is given, and says how many it left out once the next window starts. For the loggers a
 * stranger's bytes can make talk: Artery's decoder, deserializer and transport log a line for every
 * bad frame, and a sender can pack thousands of frames into a second; scatter's frame guard logs one
 * per connection. Each line on its own is worth reading, the ten-thousandth copy only fills the disk.
 *
 * <p>Pekko asks {@code isWarnEnabled} before it queues a log event (scatter.conf's
 * {@code Slf4jLoggingFilter}); that question reaches this filter with no message, and once the window's
 * lines are spent the answer is no, so a flood is not even queued for Pekko's logger actor. Lines
 * that were queued before are counted and dropped when they arrive.
 */
public final class FloodFilter extends TurboFilter {

  static final int LINES = 10;
  static final Duration WINDOW = Duration.ofSeconds(10);
  private static final org.slf4j.Logger REPORT = LoggerFactory.getLogger(FloodFilter.class);

  /** Stands for "not limited" in {@link #windows}, which cannot hold null. */
  private static final Window UNLIMITED = new Window(0);

  private final Ticker ticker;
  private final List<String> names = new CopyOnWriteArrayList<>();
  /** Per logger seen: its window, or {@link #UNLIMITED}; as many entries as logger names, a few hundred. */
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** For logback.xml. */
  public FloodFilter() {
    this(Ticker.system());
  }

  FloodFilter(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Loggers to limit, this one and those below it, one {@code <loggerName>} element each in logback.xml. */
  public void addLoggerName(String name) {
    names.add(name.strip());
    windows.clear();
  }

  /** The names given, in order. */
  List<String> loggerNames() {
    return List.copyOf(names);
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    Window window = logger == null ? UNLIMITED : windows.computeIfAbsent(logger.getName(), this::windowFor);
    if (window == UNLIMITED) {
      return FilterReply.NEUTRAL;
    }
    // No message and no cause: an isXEnabled question, asked before a line is made, not a line.
    boolean question = format == null && t == null;
    long[] leftOut = new long[1];
    boolean pass = window.admit(ticker.read(), question, leftOut);
    if (leftOut[0] > 0) {
      REPORT.warn("left out {} lines from {} in the last {} s or more (at most {} every {} s)", leftOut[0],
          logger.getName(), WINDOW.toSeconds(), LINES, WINDOW.toSeconds());
    }
    return pass ? FilterReply.NEUTRAL : FilterReply.DENY;
  }

  private Window windowFor(String logger) {
    boolean limited = names.stream().anyMatch(name -> logger.equals(name) || logger.startsWith(name + "."));
    return limited ? new Window(ticker.read()) : UNLIMITED;
  }

  /** One logger's lines in the current window. */
  private static final class Window {
    private long start;
    private int lines;
    private long leftOut;

    Window(long start) {
      this.start = start;
    }

    /**
     * Whether a line (or a question about one) passes at {@code now}; a line that passes is
     * counted, one that does not is left out. {@code report[0]} gets the count left out in the
     * window that {@code now} ended, if it did.
     */
    synchronized boolean admit(long now, boolean question, long[] report) {
      if (now - start >= WINDOW.toNanos()) {
        report[0] = leftOut;
        start = now;
        lines = 0;
        leftOut = 0;
      }
      if (lines < LINES) {
        if (!question) {
          lines++;
        }
        return true;
      }
      leftOut++;
      return false;
    }
  }
}

package io.scatter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Without {@code --verbose}, a command's log lines (Pekko's "Couldn't join seed nodes",
 * quarantine notices, scatter's own worker-lost warnings) go to a file instead of stderr, so stderr
 * carries only the command's own one-line messages; at the end one line says how many there were
 * and where they are. The file is only created when something is logged.
 */
final class QuietLog implements AutoCloseable {

  private static final String PEKKO = "org.apache.pekko";
  private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";

  private final Logger root;
  private final List<Appender<ILoggingEvent>> detached;
  private final Sink sink;

  private QuietLog(Logger root, List<Appender<ILoggingEvent>> detached, Sink sink) {
    this.root = root;
    this.detached = detached;
    this.sink = sink;
  }

  /**
   * Sends every log line to {@code file} (created on the first line) until {@link #close()}; empty
   * when logging is not logback, whose appenders this needs.
   */
  static Optional<QuietLog> route(Path file) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return Optional.empty();
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(detached::add);
    Sink sink = new Sink(context, file);
    sink.start();
    root.addAppender(sink);
    detached.forEach(root::detachAppender);
    return Optional.of(new QuietLog(root, detached, sink));
  }

  /** "scatter: 2 warnings from Pekko; full log in FILE", when anything of WARN or above was logged. */
  Optional<String> summary() {
    long warnings = sink.warnings();
    if (warnings == 0) {
      return Optional.empty();
    }
    long fromPekko = sink.fromPekko();
    String what = fromPekko == warnings ? Plural.of(warnings, "warning") + " from Pekko"
        : Plural.of(warnings, "warning") + " logged" + (fromPekko == 0 ? "" : " (" + fromPekko + " from Pekko)");
    return Optional.of("scatter: " + what + (sink.unwritable ? "; cannot write the log file " + sink.file
        + ", --verbose shows them on stderr" : "; full log in " + sink.file));
  }

  /** Puts the appenders back (a test runs many commands in one JVM) and closes the file. */
  @Override
  public void close() {
    detached.forEach(root::addAppender);
    root.detachAppender(sink);
    sink.stop();
  }

  /** Counts lines of WARN and above, and writes every line to the file, opened on the first. */
  private static final class Sink extends AppenderBase<ILoggingEvent> {

    private final Path file;
    private FileAppender<ILoggingEvent> writer;
    // Written under doAppend's lock, read by the command's thread at the end.
    private volatile long warnings;
    private volatile long fromPekko;
    private volatile boolean unwritable;

    Sink(LoggerContext context, Path file) {
      this.file = file;
      setContext(context);
      setName("scatter-quiet-log");
    }

    long warnings() {
      return warnings;
    }

    long fromPekko() {
      return fromPekko;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        warnings++;
        if (event.getLoggerName().startsWith(PEKKO)) {
          fromPekko++;
        }
      }
      if (writer == null) {
        writer = open();
        unwritable = !writer.isStarted();
      }
      writer.doAppend(event);
    }

    private FileAppender<ILoggingEvent> open() {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(getContext());
      encoder.setPattern(PATTERN);
      encoder.start();
      FileAppender<ILoggingEvent> appender = new FileAppender<>();
      appender.setContext(getContext());
      appender.setName("scatter-quiet-log-file");
      appender.setFile(file.toString());
      appender.setAppend(true);
      appender.setEncoder(encoder);
      appender.start();
      return appender;
    }

    @Override
    public void stop() {
      synchronized (this) {
        if (writer != null) {
          writer.stop();
          writer = null;
        }
      }
      super.stop();
    }
  }
}

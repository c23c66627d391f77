package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.scatter.docs.Repo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The logging scatter sets up in code is what conf/logback.xml, its readable form, says. */
final class LogSetupTest {

  @Test
  void theSetupInCode_isTheOneConfLogbackXmlDescribes() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(Repo.root().resolve("conf/logback.xml").toFile());
    LoggerContext inCode = new LoggerContext();
    LogSetup.apply(inCode);

    assertEquals(describe(fromXml), describe(inCode));
  }

  @Test
  void aLevelGivenAsASystemProperty_isTaken() {
    System.setProperty("scatter.log.level", "DEBUG");
    try {
      LoggerContext inCode = new LoggerContext();
      LogSetup.apply(inCode);
      assertEquals(Level.DEBUG, inCode.getLogger("io.scatter").getLevel());
    } finally {
      System.clearProperty("scatter.log.level");
    }
  }

  /** What a context does with a line: its filters, its levels, where lines go and how they look. */
  private static List<String> describe(LoggerContext context) {
    List<String> seen = new ArrayList<>();
    context.getTurboFilterList().forEach(filter -> seen.add("turbo " + filter.getClass().getName()
        + (filter instanceof FloodFilter flood ? " " + flood.loggerNames() : "")));
    for (String logger : List.of("ROOT", "io.scatter", "org.apache.pekko.stream.Materializer", "org.apache.pekko")) {
      seen.add(logger + " " + context.getLogger(logger).getLevel());
    }
    context.getLogger("ROOT").iteratorForAppenders().forEachRemaining(appender -> seen.add(appender(appender)));
    seen.add("status listeners " + context.getStatusManager().getCopyOfStatusListenerList().stream()
        .map(listener -> listener.getClass().getName()).toList());
    assertTrue(seen.size() > 5, seen.toString());
    return seen;
  }

  private static String appender(Appender<ILoggingEvent> appender) {
    String line = "appender " + appender.getName() + " " + appender.getClass().getName();
    if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
      line += " " + console.getTarget() + "\n" + written(console.getEncoder(), (LoggerContext) console.getContext());
    }
    return line;
  }

  /** The lines {@code encoder} writes for a plain line and one with a nested exception, at a fixed time. */
  private static String written(Encoder<ILoggingEvent> encoder, LoggerContext context) {
    Exception cause = new IllegalStateException("inner");
    Exception failure = new RuntimeException("outer", cause);
    failure.addSuppressed(new IllegalArgumentException("beside"));
    StringBuilder lines = new StringBuilder();
    for (LoggingEvent event : List.of(
        new LoggingEvent("test", context.getLogger("org.apache.pekko.remote.artery.tcp.ArteryTcpTransport"), Level.INFO,
            "joined {} at {}", null, new Object[] {"node-1", 25_520}),
        new LoggingEvent("test", context.getLogger("io.scatter.Short"), Level.WARN, "failed", failure, null))) {
      event.setTimeStamp(1_765_000_000_123L);
      lines.append(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }
    return lines.toString();
  }
}

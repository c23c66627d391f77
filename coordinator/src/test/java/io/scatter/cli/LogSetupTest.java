package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.scatter.docs.Repo;
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
      assertEquals(ch.qos.logback.classic.Level.DEBUG, inCode.getLogger("io.scatter").getLevel());
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
      line += " " + console.getTarget() + " " + ((PatternLayoutEncoder) console.getEncoder()).getPattern();
    }
    return line;
  }
}

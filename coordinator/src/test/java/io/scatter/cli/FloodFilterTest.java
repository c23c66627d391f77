package io.scatter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.scatter.testing.ManualTicker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

final class FloodFilterTest {

  private static final String DECODER = "org.apache.pekko.remote.artery.Decoder";
  private final LoggerContext context = new LoggerContext();
  private final ManualTicker ticker = new ManualTicker();
  private final FloodFilter filter = new FloodFilter(ticker);
  private final ListAppender<ILoggingEvent> reports = new ListAppender<>();
  private Logger reportLogger;

  @BeforeEach
  void start() {
    filter.addLoggerName("org.apache.pekko.remote.artery");
    // The count goes to FloodFilter's own logger, in whatever context the test runs in.
    reportLogger = (Logger) LoggerFactory.getLogger(FloodFilter.class);
    reports.start();
    reportLogger.addAppender(reports);
  }

  @AfterEach
  void stop() {
    reportLogger.detachAppender(reports);
  }

  private FilterReply line(String logger) {
    return filter.decide(null, context.getLogger(logger), Level.WARN, "Dropping message due to: ...", null, null);
  }

  private FilterReply question(String logger) {
    return filter.decide(null, context.getLogger(logger), Level.WARN, null, null, null);
  }

  @Test
  void decide_withinTheWindowsLines_passes() {
    for (int i = 0; i < FloodFilter.LINES; i++) {
      assertEquals(FilterReply.NEUTRAL, question(DECODER));
      assertEquals(FilterReply.NEUTRAL, line(DECODER));
    }
  }

  @Test
  void decide_pastTheWindowsLines_deniesLinesAndQuestions() {
    for (int i = 0; i < FloodFilter.LINES; i++) {
      line(DECODER);
    }

    assertEquals(FilterReply.DENY, question(DECODER));
    assertEquals(FilterReply.DENY, line(DECODER));
    assertEquals(List.of(), reports.list);
  }

  @Test
  void decide_nextWindow_passesAgainAndReportsHowManyWereLeftOut() {
    for (int i = 0; i < FloodFilter.LINES + 1_000; i++) {
      line(DECODER);
    }
    question(DECODER);
    ticker.advance(FloodFilter.WINDOW);

    assertEquals(FilterReply.NEUTRAL, line(DECODER));
    assertEquals(1, reports.list.size());
    assertEquals("left out 1001 lines from " + DECODER + " in the last 10 s or more (at most 10 every 10 s)",
        reports.list.get(0).getFormattedMessage());
  }

  @Test
  void decide_otherLoggers_areNotLimited() {
    for (int i = 0; i < FloodFilter.LINES * 3; i++) {
      assertEquals(FilterReply.NEUTRAL, line("io.scatter.node.WorkerNode"));
    }
  }

  @Test
  void decide_eachLoggerUnderAName_hasItsOwnWindow() {
    for (int i = 0; i < FloodFilter.LINES; i++) {
      line(DECODER);
    }

    assertEquals(FilterReply.DENY, line(DECODER));
    assertEquals(FilterReply.NEUTRAL, line("org.apache.pekko.remote.artery.ArteryTransport"));
    assertEquals(FilterReply.NEUTRAL, line("org.apache.pekko.remote.artery.tcp.ArteryTcpTransport"));
    assertEquals(FilterReply.NEUTRAL, line("org.apache.pekko.remote.artifact"));
  }
}

package io.scatter.cli;

import ch.qos.logback.classic.pattern.DateConverter;
import ch.qos.logback.classic.pattern.LevelConverter;
import ch.qos.logback.classic.pattern.LineSeparatorConverter;
import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.pattern.FormatInfo;
import ch.qos.logback.core.pattern.LiteralConverter;
import java.util.List;

/**
 * A log line as {@link LogSetup#PATTERN} lays it out, from logback's own converters put together here
 * rather than parsed from the pattern: starting a pattern layout (its parser, and the table of every
 * converter logback has, each made through a lambda) cost every JVM 35 ms of its start, interpreted.
 * After the pattern's parts comes the stack trace of a line's exception, as a pattern layout adds it.
 * {@code LogSetupTest} checks that both write the same lines.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

  private final List<Converter<ILoggingEvent>> parts;

  LineLayout(Context context) {
    setContext(context);
    LevelConverter level = new LevelConverter();
    level.setFormattingInfo(new FormatInfo(5, Integer.MAX_VALUE, false, true)); // %-5level
    parts = List.of(
        withOption(new DateConverter(), "HH:mm:ss.SSS"), new LiteralConverter<>(" "),
        level, new LiteralConverter<>(" "),
        withOption(new LoggerConverter(), "24"), new LiteralConverter<>(" - "),
        new MessageConverter(), new LineSeparatorConverter(),
        new ThrowableProxyConverter());
    for (Converter<ILoggingEvent> part : parts) {
      if (part instanceof DynamicConverter<ILoggingEvent> dynamic) {
        dynamic.setContext(context);
        dynamic.start();
      }
    }
  }

  private static DynamicConverter<ILoggingEvent> withOption(DynamicConverter<ILoggingEvent> converter, String option) {
    converter.setOptionList(List.of(option));
    return converter;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    for (Converter<ILoggingEvent> part : parts) {
      part.write(line, event);
    }
    return line.toString();
  }
}

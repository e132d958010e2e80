package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LineLayout} writes what Logback's pattern layout makes of {@link ShippedLogging#PATTERN}, exactly. */
class LineLayoutTest {
  @Test
  void everyLineIsThePatternLayoutsLine() {
    sameLines(new LoggerContext());
  }

  @Test
  void withPackagingDataTheStackTracesNameTheJarsAsThePatternLayoutsDo() {
    LoggerContext context = new LoggerContext();
    context.setPackagingDataEnabled(true);
    sameLines(context);
  }

  private static void sameLines(LoggerContext context) {
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(ShippedLogging.PATTERN);
    pattern.start();
    LineLayout line = new LineLayout();
    line.setContext(context);
    line.start();

    List<LoggingEvent> events = new ArrayList<>();
    String[] loggers = {"io.wadns.cli.wadns", "wadns.query", "wadns", "io.netty.channel.DefaultChannelPipeline",
        "ends.with.dot.", "org.xbill.DNS.TSIG"};
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    long[] times = {0L, 1L, 999L, 1_000L, 1_764_633_600_123L, 1_796_192_548_854L, 1_796_192_548_854L,
        4_102_444_800_000L};
    Throwable cause = new IllegalStateException("the cause", new IOException("deeper"));
    Throwable suppressed = new UncheckedIOException("with one suppressed", new IOException("disk"));
    suppressed.addSuppressed(new IllegalArgumentException("also"));
    Object[][] arguments = {null, {1}, {"zone", 2L, null}, {cause}};
    String[] messages = {"serving {} zone", "loaded zone {} serial {} ({} records) from {}", "plain",
        "two\nlines", "non-ASCII: é ß ☃", "", "{} {} {}", null};
    int i = 0;
    for (String message : messages) {
      for (Object[] args : arguments) {
        Logger logger = context.getLogger(loggers[i % loggers.length]);
        Level level = levels[i % levels.length];
        Throwable thrown = i % 7 == 3 ? cause : i % 11 == 5 ? suppressed : null;
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, level, message, thrown, args);
        event.setTimeStamp(times[i % times.length]);
        events.add(event);
        i++;
      }
    }
    assertThat(events).filteredOn(e -> e.getThrowableProxy() != null).hasSizeGreaterThan(3);
    for (LoggingEvent event : events) {
      assertThat(line.doLayout(event)).as("%s", event).isEqualTo(pattern.doLayout(event));
    }
    context.stop();
  }
}

package io.wadns.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.util.CachingDateFormatter;

/**
 * The shipped log line, {@link ShippedLogging#PATTERN} written out: the same text, character for
 * character, as Logback's {@code PatternLayout} makes of that pattern (LineLayoutTest compares them),
 * stack traces included. Written out because the pattern layout costs every start: its class links
 * some 70 method references as it initializes and parses the pattern into a chain of converters, and
 * a start of 10,000 zones writes a line for each of them through that chain.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
  static final String DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  /** The width {@code %-5level} pads the level to. */
  private static final int LEVEL_WIDTH = 5;

  /** As Logback's date converter makes it for the pattern: the JVM's time zone, one text per millisecond. */
  private final CachingDateFormatter dates = new CachingDateFormatter(DATE_PATTERN, null, null);
  /** What {@code PatternLayout} adds after a pattern without one: made at the first exception logged. */
  private volatile ThrowableProxyConverter throwables;

  @Override
  public String doLayout(ILoggingEvent event) {
    if (!isStarted()) {
      return CoreConstants.EMPTY_STRING; // as the pattern layout
    }
    String message = event.getFormattedMessage();
    StringBuilder line = new StringBuilder(64 + (message == null ? 4 : message.length()));
    line.append(dates.format(event.getTimeStamp())).append(' ');
    String level = event.getLevel().toString();
    line.append(level);
    for (int i = level.length(); i < LEVEL_WIDTH; i++) {
      line.append(' ');
    }
    String logger = event.getLoggerName();
    line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()); // %logger{0}: the last part
    line.append(": ").append(message).append(CoreConstants.LINE_SEPARATOR);
    if (event.getThrowableProxy() != null) {
      line.append(throwables().convert(event));
    }
    return line.toString();
  }

  private ThrowableProxyConverter throwables() {
    ThrowableProxyConverter converter = throwables;
    if (converter == null) {
      // As the pattern layout picks it: with the jars' names and versions when the context asks for them.
      converter = getContext() instanceof LoggerContext c && c.isPackagingDataEnabled()
          ? new ExtendedThrowableProxyConverter() : new ThrowableProxyConverter();
      converter.setContext(getContext());
      converter.start();
      throwables = converter; // two threads may each make one: the same text either way
    }
    return converter;
  }
}

package io.wadns.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The log events of one logger (and its children) during each test, for tests that expect a warning or an error
 * and assert on it:
 *
 * <pre>{@code
 * @RegisterExtension final LogCapture log = LogCapture.of("wadns");
 * ...
 * assertThat(log.messages(Level.ERROR)).containsExactly(file + ":6: A address '192.0.2.300' is not an IPv4 address");
 * }</pre>
 *
 * Events are captured from every thread, at the levels the logging configuration lets through (the shipped
 * ones: INFO, and WARN for Netty). Thread-safe.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final String loggerName;
  private final Recorder recorder = new Recorder();

  private LogCapture(String loggerName) {
    this.loggerName = loggerName;
  }

  /** Captures what {@code loggerName} and the loggers below it log, e.g. "wadns" or "wadns.query". */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** Captures what the logger of {@code type} logs. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  /** Captures everything logged. */
  public static LogCapture all() {
    return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** The events captured so far in this test, oldest first. */
  public List<ILoggingEvent> events() {
    return recorder.snapshot();
  }

  /** The formatted messages of the events at {@code level}, oldest first. */
  public List<String> messages(Level level) {
    return events().stream().filter(e -> e.getLevel().equals(level)).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    recorder.clear();
    recorder.setContext(logger().getLoggerContext());
    recorder.start();
    logger().addAppender(recorder);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger().detachAppender(recorder);
    recorder.stop();
  }

  private Logger logger() {
    return (Logger) LoggerFactory.getLogger(loggerName);
  }

  private static final class Recorder extends AppenderBase<ILoggingEvent> {
    private final List<ILoggingEvent> events = new ArrayList<>();

    Recorder() {
      setName("LogCapture");
    }

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      synchronized (events) {
        events.add(event);
      }
    }

    List<ILoggingEvent> snapshot() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }

    void clear() {
      synchronized (events) {
        events.clear();
      }
    }
  }
}

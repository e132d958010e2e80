package io.wadns.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Prints the log of a test that failed: the events logged by any thread from the start of the test (or of its
 * class, when a class-level method such as {@code @BeforeAll} failed) to its end, as kept by {@link LogBuffer}.
 * A test that passes or is skipped prints nothing. Registered for every test by JUnit's extension autodetection
 * (junit-platform.properties); surefire and failsafe file what it prints in target/*-reports/CLASS-output.txt
 * and in the XML report of the test.
 */
public final class LogOnFailure implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
  /** The last events printed; a longer log is cut at the front, where it is least likely to explain the end. */
  static final int MAX_EVENTS = 300;

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogOnFailure.class);
  private static final String START = "log position at start";
  /** Stack frames of JUnit, surefire and reflection, which say nothing about the code under test. */
  private static final Pattern HARNESS_FRAME = Pattern.compile("^\\s+at (java\\.base/)?"
      + "(org\\.junit\\.|org\\.apache\\.maven\\.surefire\\.|jdk\\.internal\\.reflect\\.|java\\.lang\\.reflect\\.)");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put(START, LogBuffer.position());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(START, LogBuffer.position());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    printIfFailed(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    printIfFailed(context);
  }

  private static void printIfFailed(ExtensionContext context) {
    Throwable failure = context.getExecutionException().orElse(null);
    Long start = context.getStore(NAMESPACE).get(START, Long.class);
    if (failure == null || failure instanceof TestAbortedException || start == null) {
      return;
    }
    String test = context.getRequiredTestClass().getSimpleName()
        + (context.getTestMethod().isPresent() ? "." + context.getDisplayName() : "");
    System.out.print(render(test, LogBuffer.position() - start, LogBuffer.since(start)));
    System.out.flush();
  }

  /** The log of {@code test}: {@code logged} events, of which {@code kept} are the last still in memory. */
  static String render(String test, long logged, List<ILoggingEvent> kept) {
    List<ILoggingEvent> shown = kept.subList(Math.max(0, kept.size() - MAX_EVENTS), kept.size());
    StringBuilder out = new StringBuilder();
    out.append("---- log of ").append(test).append(", which failed: ").append(logged).append(" events");
    if (shown.size() < logged) {
      out.append(", the first ").append(logged - shown.size()).append(" left out");
    }
    out.append('\n');
    for (ILoggingEvent event : shown) {
      out.append(line(event)).append('\n');
    }
    return out.append("---- end of the log of ").append(test).append('\n').toString();
  }

  /** One event as the shipped configuration prints it, with the thread, and the stack trace if any. */
  static String line(ILoggingEvent event) {
    String logger = event.getLoggerName();
    String line = TIME.format(Instant.ofEpochMilli(event.getTimeStamp())) + " "
        + String.format("%-5s", event.getLevel()) + " [" + event.getThreadName() + "] "
        + logger.substring(logger.lastIndexOf('.') + 1) + ": " + event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()).lines()
          .filter(l -> !HARNESS_FRAME.matcher(l).find()).collect(Collectors.joining("\n"));
    }
    return line;
  }
}

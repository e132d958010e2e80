package io.wadns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The test log: kept in memory, off the console, printed for a failed test, and open to assertions. */
class LogCaptureTest {
  @RegisterExtension final LogCapture log = LogCapture.of("wadns.sample");

  @Test
  void capturesTheEventsOfItsLoggerAndTheLoggersBelowIt() {
    LoggerFactory.getLogger("wadns.sample.child").warn("expected {}", "warning");
    LoggerFactory.getLogger("wadns.sample").info("information");
    LoggerFactory.getLogger("wadns.elsewhere").warn("not captured");

    assertThat(log.messages(Level.WARN)).containsExactly("expected warning");
    assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("expected warning", "information");
  }

  @Test
  void eachTestStartsWithNoCapturedEvent() {
    assertThat(log.events()).isEmpty();
  }

  @Test
  void theTestConfigurationSendsEveryEventToMemoryAndNoneToTheConsole() throws Exception {
    long before = LogBuffer.position();
    LoggerFactory.getLogger("wadns.sample").error("kept in memory");
    assertThat(LogBuffer.since(before)).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("kept in memory");

    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.putProperty("wadns.test.console", "OFF"); // whatever the command line asked for
    configurator.doConfigure(getClass().getResource("/logback-test.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() >= Status.WARN).isEmpty();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("MEMORY")).isInstanceOf(LogBuffer.class);
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("CONSOLE");
    assertThat(console.getFilterChainDecision(event(Level.ERROR, "an error"))).isEqualTo(FilterReply.DENY);
    context.stop();
  }

  @Test
  void aFailedTestsLogShowsItsLastEvents() {
    List<ILoggingEvent> events = new ArrayList<>();
    for (int i = 1; i <= LogOnFailure.MAX_EVENTS + 5; i++) {
      events.add(event(Level.WARN, "event " + i));
    }

    long logged = LogBuffer.CAPACITY + 1;
    String printed = LogOnFailure.render("SomeTest.someBehaviour()", logged, events);

    assertThat(printed).startsWith("---- log of SomeTest.someBehaviour(), which failed: " + logged
        + " events, the first " + (logged - LogOnFailure.MAX_EVENTS) + " left out\n");
    assertThat(printed).doesNotContain("event 5\n").contains("WARN  [main] sample: event 6\n")
        .endsWith("sample: event " + events.size() + "\n---- end of the log of SomeTest.someBehaviour()\n");
  }

  private static ILoggingEvent event(Level level, String message) {
    Logger logger = (Logger) LoggerFactory.getLogger("wadns.sample");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
    event.setThreadName("main");
    return event;
  }
}
